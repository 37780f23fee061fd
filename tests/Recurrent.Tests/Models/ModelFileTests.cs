using Recurrent.IO;
using Recurrent.Layers.Recurrent;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Models;

public sealed class ModelFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static readonly SequenceModelConfig TokenConfig = new()
    {
        Cell = RecurrentCellKind.Gru, VocabSize = 9, EmbeddingSize = 4, HiddenSize = 5, NumLayers = 2, Bidirectional = true, OutputSize = 9,
    };

    [Fact]
    public void SaveThenLoadGivesTheSameWeightsAndOutputs()
    {
        var model = new SequenceModel<float>(TokenConfig, new Rng(4));
        var path = _directory.PathOf("m.safetensors");
        ModelFile.Save(model, path);
        var loaded = ModelFile.Load<float>(path);

        Assert.Equal(model.Config.ToJson(), loaded.Config.ToJson());
        Assert.Equal(model.Parameters.Values.ToArray(), loaded.Parameters.Values.ToArray());
        int[] tokens = [1, 2, 3, 4, 5, 6];
        model.Forward(tokens, 3, 2);
        loaded.Forward(tokens, 3, 2);
        Assert.Equal(model.Logits.ToArray(), loaded.Logits.ToArray());
    }

    [Fact]
    public void TensorNamesArePyTorchStateDictNames()
    {
        var model = new SequenceModel<float>(TokenConfig, new Rng(4));
        var names = model.Parameters.Parameters.Select(p => p.Name).ToArray();
        Assert.Equal(
        [
            "embedding.weight",
            "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
            "rnn.weight_ih_l0_reverse", "rnn.weight_hh_l0_reverse", "rnn.bias_ih_l0_reverse", "rnn.bias_hh_l0_reverse",
            "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1",
            "rnn.weight_ih_l1_reverse", "rnn.weight_hh_l1_reverse", "rnn.bias_ih_l1_reverse", "rnn.bias_hh_l1_reverse",
            "head.weight", "head.bias",
        ], names);
        Assert.Equal([15, 10], model.Parameters.Find("rnn.weight_ih_l1")!.Shape);
    }

    [Fact]
    public void ConfigJsonUsesPyTorchConstructorKeys()
    {
        Assert.Equal(
            """{"format_version":1,"kind":"sequence","cell":"gru","vocab_size":9,"embedding_size":4,"hidden_size":5,"num_layers":2,"bidirectional":true,"output_size":9}""",
            TokenConfig.ToJson());
        var features = SequenceModelConfig.FromJson(
            """{"format_version": 1, "kind": "sequence", "cell": "rnn_relu", "input_size": 3, "hidden_size": 4, "num_layers": 1, "bidirectional": false, "output_size": 2, "tokenizer": {"level": "char"}}""");
        Assert.False(features.HasEmbedding);
        Assert.Equal(RecurrentCellKind.RnnRelu, features.Cell);
        Assert.Contains("\"tokenizer\":{\"level\":\"char\"}", features.ToJson());
    }

    [Theory]
    [InlineData("""{"format_version": 2, "cell": "lstm", "input_size": 1, "hidden_size": 1, "output_size": 1}""", "format_version 2")]
    [InlineData("""{"cell": "lstm", "input_size": 1, "hidden_size": 1, "output_size": 1}""", "no format_version")]
    [InlineData("""{"format_version": 1, "cell": "transformer", "input_size": 1, "hidden_size": 1, "output_size": 1}""", "Unknown cell 'transformer'")]
    [InlineData("""{"format_version": 1, "cell": "gru", "hidden_size": 1, "output_size": 1}""", "input_size")]
    [InlineData("""{"format_version": 1, "cell": "gru", "input_size": "3", "hidden_size": 1, "output_size": 1}""", "'input_size' must be an integer")]
    [InlineData("""{"format_version": 1, "cell": "gru", "vocab_size": 3, "hidden_size": 1, "output_size": 1}""", "embedding_size")]
    [InlineData("""not json""", "not valid JSON")]
    public void BadConfigsAreClearErrors(string json, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => SequenceModelConfig.FromJson(json));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void WrongShapeNamesTheTensorAndBothShapes()
    {
        var model = new SequenceModel<float>(TokenConfig, new Rng(4));
        var writer = new SafeTensorsWriter().AddMetadata("recurrent", model.Config.ToJson());
        foreach (var p in model.Parameters.Parameters)
        {
            if (p.Name == "rnn.weight_hh_l1") writer.AddFloat32<float>(p.Name, new float[15 * 4], 15, 4);
            else writer.AddFloat32<float>(p.Name, p.Value, [.. p.Shape]);
        }
        var path = _directory.PathOf("bad.safetensors");
        writer.Save(path);
        var error = Assert.Throws<InvalidDataException>(() => ModelFile.Load<float>(path));
        Assert.Contains("'rnn.weight_hh_l1' has shape (15, 4), but the configuration needs (15, 5)", error.Message);
    }

    [Fact]
    public void MissingUnexpectedAndUnconfiguredAreClearErrors()
    {
        var model = new SequenceModel<float>(TokenConfig, new Rng(4));
        var missing = new SafeTensorsWriter().AddMetadata("recurrent", model.Config.ToJson());
        foreach (var p in model.Parameters.Parameters.Where(p => p.Name != "head.bias")) missing.AddFloat32<float>(p.Name, p.Value, [.. p.Shape]);
        missing.Save(_directory.PathOf("missing.safetensors"));
        Assert.Contains("'head.bias' is missing", Assert.Throws<InvalidDataException>(() => ModelFile.Load<float>(_directory.PathOf("missing.safetensors"))).Message);

        var unexpected = ModelFile.CreateWriter(model).AddFloat32<float>("rnn.weight_ih_l2", [1f], 1);
        unexpected.Save(_directory.PathOf("unexpected.safetensors"));
        Assert.Contains("unexpected tensor 'rnn.weight_ih_l2'", Assert.Throws<InvalidDataException>(() => ModelFile.Load<float>(_directory.PathOf("unexpected.safetensors"))).Message);

        new SafeTensorsWriter().AddFloat32<float>("x", [1f], 1).Save(_directory.PathOf("plain.safetensors"));
        Assert.Contains("no 'recurrent' entry", Assert.Throws<InvalidDataException>(() => ModelFile.Load<float>(_directory.PathOf("plain.safetensors"))).Message);
    }

    [Fact]
    public void TruncatedModelFileIsAClearError()
    {
        var path = _directory.PathOf("m.safetensors");
        ModelFile.Save(new SequenceModel<float>(TokenConfig, new Rng(4)), path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);
        var error = Assert.Throws<InvalidDataException>(() => ModelFile.Load<float>(path));
        Assert.Contains("truncated", error.Message);
    }
}
