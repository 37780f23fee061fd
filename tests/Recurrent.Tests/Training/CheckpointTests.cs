using Recurrent.IO;
using Recurrent.Layers.Recurrent;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Training;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static int[] Corpus()
    {
        var rng = new Rng(8);
        return Enumerable.Range(0, 2_000).Select(i => (i * 7 + rng.NextInt(3)) % 13).ToArray();
    }

    /// <summary>Dropout, carried state and Adam's moments all have to survive the round trip for this to hold.</summary>
    private static Trainer<float> NewTrainer(string optimizer) => new(
        new SequenceModel<float>(new SequenceModelConfig
        {
            Cell = RecurrentCellKind.Lstm, VocabSize = 13, EmbeddingSize = 6, HiddenSize = 8, NumLayers = 2, Dropout = 0.2, OutputDropout = 0.3, OutputSize = 13,
        }, new Rng(5)),
        new TokenStreamBatches(Corpus(), steps: 10, batch: 4),
        new TrainerOptions { Optimizer = optimizer, LearningRate = 3e-3, Schedule = "step:7:0.5" });

    [Theory]
    [InlineData("adam")]
    [InlineData("sgd")]
    [InlineData("rmsprop")]
    public void TwentyStepsEqualTenThenResumeThenTen(string optimizer)
    {
        var straight = NewTrainer(optimizer);
        for (var i = 0; i < 20; i++) straight.TrainStep();

        var first = NewTrainer(optimizer);
        for (var i = 0; i < 10; i++) first.TrainStep();
        var path = _directory.PathOf("checkpoint.safetensors");
        Checkpoint.Save(first, path);
        var resumed = Checkpoint.Resume<float>(path, new TokenStreamBatches(Corpus(), steps: 10, batch: 4));
        Assert.Equal(10, resumed.Step);
        var lastLoss = 0.0;
        for (var i = 0; i < 10; i++) lastLoss = resumed.TrainStep().Loss;

        Assert.Equal(20, resumed.Step);
        Assert.Equal(straight.Model.Parameters.Values.ToArray(), resumed.Model.Parameters.Values.ToArray());
        Assert.True(double.IsFinite(lastLoss));
    }

    [Fact]
    public void CheckpointLoadsAsAModel()
    {
        var trainer = NewTrainer("adam");
        trainer.TrainStep();
        var path = _directory.PathOf("checkpoint.safetensors");
        Checkpoint.Save(trainer, path);
        var model = ModelFile.Load<float>(path);
        Assert.Equal(trainer.Model.Parameters.Values.ToArray(), model.Parameters.Values.ToArray());
    }

    [Fact]
    public void ResumingAModelFileIsAClearError()
    {
        var path = _directory.PathOf("model.safetensors");
        ModelFile.Save(NewTrainer("adam").Model, path);
        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Resume<float>(path, new TokenStreamBatches(Corpus(), 10, 4)));
        Assert.Contains("not a checkpoint", error.Message);
    }

    [Fact]
    public void ResumingWithOtherBatchShapeIsAClearError()
    {
        var trainer = NewTrainer("adam");
        var path = _directory.PathOf("checkpoint.safetensors");
        Checkpoint.Save(trainer, path);
        var error = Assert.Throws<RecurrentException>(() => Checkpoint.Resume<float>(path, new TokenStreamBatches(Corpus(), 12, 4)));
        Assert.Contains("sequence length 10 and batch 4", error.Message);
    }
}
