using Recurrent.Layers.Recurrent;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public class TrainerTests
{
    private static SequenceModelConfig Config(RecurrentCellKind cell) => new()
    {
        Cell = cell, VocabSize = 5, EmbeddingSize = 4, HiddenSize = 16, OutputSize = 5,
    };

    /// <summary>A repeating pattern is learnable: the loss must fall well below uniform guessing (ln 5 ≈ 1.61).</summary>
    [Theory]
    [InlineData(RecurrentCellKind.Lstm)]
    [InlineData(RecurrentCellKind.Gru)]
    [InlineData(RecurrentCellKind.RnnTanh)]
    public void LossFallsOnAPeriodicSequence(RecurrentCellKind cell)
    {
        var tokens = Enumerable.Range(0, 1_000).Select(i => new[] { 0, 1, 2, 3, 4, 3, 2, 1 }[i % 8]).ToArray();
        var trainer = new Trainer<float>(new SequenceModel<float>(Config(cell), new Rng(1)), new TokenStreamBatches(tokens, 16, 4),
            new TrainerOptions { LearningRate = 1e-2 });
        var first = trainer.TrainStep().Loss;
        var last = first;
        for (var i = 0; i < 150; i++) last = trainer.TrainStep().Loss;
        Assert.True(first > 1.3, $"first loss {first}");
        Assert.True(last < 0.3, $"loss only fell from {first} to {last}");
    }

    [Fact]
    public void SameSeedGivesBitIdenticalTraining()
    {
        float[] Train()
        {
            var tokens = Enumerable.Range(0, 500).Select(i => i * 3 % 5).ToArray();
            var trainer = new Trainer<float>(new SequenceModel<float>(Config(RecurrentCellKind.Gru) with { NumLayers = 2, Dropout = 0.3 }, new Rng(9)),
                new TokenStreamBatches(tokens, 8, 4), new TrainerOptions());
            for (var i = 0; i < 5; i++) trainer.TrainStep();
            return trainer.Model.Parameters.Values.ToArray();
        }
        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void NonFiniteLossStopsBeforeTheWeightsChange()
    {
        var model = new SequenceModel<float>(Config(RecurrentCellKind.Lstm), new Rng(1));
        var trainer = new Trainer<float>(model, new TokenStreamBatches(Enumerable.Range(0, 200).Select(i => i % 5).ToArray(), 8, 2), new TrainerOptions());
        trainer.TrainStep();
        model.Parameters.Find("head.bias")!.Value[0] = float.NaN;
        var before = model.Parameters.Values.ToArray();
        var error = Assert.Throws<TrainingDivergedException>(() => trainer.TrainStep());
        Assert.Equal(2, error.Step);
        Assert.Contains("Step 2", error.Message);
        Assert.Equal(before, model.Parameters.Values.ToArray());
    }

    [Fact]
    public void TooLittleDataIsAClearError()
    {
        var error = Assert.Throws<RecurrentException>(() => new TokenStreamBatches([1, 2, 3], 8, 2));
        Assert.Contains("too few", error.Message);
    }
}
