using System.Text.Json;
using Recurrent.Audio;
using Recurrent.Layers.Recurrent;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Cli;

public sealed class InfoCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string SaveModel()
    {
        var config = new SequenceModelConfig { Cell = RecurrentCellKind.Lstm, InputSize = 3, HiddenSize = 4, NumLayers = 2, OutputSize = 2 };
        var path = _directory.PathOf("m.safetensors");
        ModelFile.Save(new SequenceModel<float>(config, new Rng(1)), path);
        return path;
    }

    // LSTM layer 0: 4·4·(3 + 4 + 2) = 144; layer 1: 4·4·(4 + 4 + 2) = 160; head 4·2 + 2 = 10.
    private const int ExpectedParameters = 144 + 160 + 10;

    [Fact]
    public void TextShowsArchitectureAndParameterCount()
    {
        var (code, output, _) = CliRunner.Run("info", SaveModel());
        Assert.Equal(0, code);
        Assert.Contains("lstm, hidden 4, 2 layer(s), unidirectional", output);
        Assert.Contains($"parameters   {ExpectedParameters}", output);
        Assert.Contains("rnn.weight_hh_l1", output);
    }

    [Fact]
    public void JsonIsMachineReadable()
    {
        var (code, output, _) = CliRunner.Run("info", SaveModel(), "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(ExpectedParameters, json.RootElement.GetProperty("parameters").GetInt32());
        Assert.Equal("lstm", json.RootElement.GetProperty("config").GetProperty("cell").GetString());
        Assert.Equal(4 * 2 + 2, json.RootElement.GetProperty("tensors").GetArrayLength());
    }

    [Fact]
    public void WakeModelShowsFeaturesConvolutionAndGru()
    {
        var config = new WakeModelConfig
        {
            Features = new FeatureSettings { MelCount = 8 },
            Normalization = FeatureNormalization.Identity(8),
            ConvChannels = 6,
            ConvKernel = 3,
            HiddenSize = 5,
            Dropout = 0.25,
        };
        var path = _directory.PathOf("wake.safetensors");
        var model = new WakeModel<float>(config, new Rng(1));
        WakeModelFile.Save(model, path);

        var (code, output, error) = CliRunner.Run("info", path);
        Assert.True(code == 0, error);
        Assert.Contains("wake word: conv1d 6 × kernel 3 → gru × 1 → sigmoid per frame", output);
        Assert.Contains("8 log-mel bands per 10 ms frame", output);
        Assert.Contains("unidirectional (streams frame by frame), trained with dropout 0.25", output);
        Assert.Contains($"parameters   {model.Parameters.Count}", output);

        var (jsonCode, json, _) = CliRunner.Run("info", path, "--json");
        Assert.Equal(0, jsonCode);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("wake", document.RootElement.GetProperty("config").GetProperty("kind").GetString());
        Assert.Equal(model.Parameters.Count, document.RootElement.GetProperty("parameters").GetInt32());
    }

    [Fact]
    public void MissingFileIsOneLine()
    {
        var (code, _, error) = CliRunner.Run("info", _directory.PathOf("nope.safetensors"));
        Assert.Equal(1, code);
        Assert.Contains("no such file", error);
    }
}
