using Recurrent.Layers.Recurrent;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Text;
using Recurrent.Training;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Training;

/// <summary>The README's C# quick start, on a tiny text, so the documented code keeps compiling and working.</summary>
public sealed class QuickStartTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void ReadmeQuickStartTrainsSavesAndResumes()
    {
        var text = string.Concat(Enumerable.Repeat("to be or not to be, that is the question. ", 40));
        var tokenizer = CharTokenizer.FromText(text);
        var config = new SequenceModelConfig
        {
            Cell = RecurrentCellKind.Lstm,
            VocabSize = tokenizer.VocabularySize,
            EmbeddingSize = 8,
            HiddenSize = 16,
            NumLayers = 2,
            OutputSize = tokenizer.VocabularySize,
        };
        var model = new SequenceModel<float>(config, new Rng(1));
        var data = new TokenStreamBatches(tokenizer.Encode(text), steps: 16, batch: 4);
        var trainer = new Trainer<float>(model, data, new TrainerOptions { Optimizer = "adam", LearningRate = 1e-2, ClipNorm = 5 });
        var first = trainer.TrainStep().Loss;
        var last = first;
        for (var i = 0; i < 60; i++) last = trainer.TrainStep().Loss;
        var modelPath = _directory.PathOf("model.safetensors");
        var checkpointPath = _directory.PathOf("checkpoint.safetensors");
        ModelFile.Save(model, modelPath);
        Checkpoint.Save(trainer, checkpointPath);
        var resumed = Checkpoint.Resume<float>(checkpointPath, data);

        Assert.True(last < first - 1, $"loss went from {first} to {last}");
        Assert.Equal(61, resumed.Step);
        Assert.Equal(model.Parameters.Values.ToArray(), ModelFile.Load<float>(modelPath).Parameters.Values.ToArray());
    }
}
