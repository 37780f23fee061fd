using Recurrent.Layers.Recurrent;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

/// <summary>
/// Once warmed up, a training step allocates nothing on the managed heap: every buffer is made on the first step
/// and reused, so long runs put no pressure on the garbage collector.
/// </summary>
public class TrainerAllocationTests
{
    /// <remarks>The last case is large enough (T·B·G·H = 16·32·256·64 = 2²³ multiply-adds per pass) for the time loop
    /// to be split by batch rows across threads when there are several.</remarks>
    [Theory]
    [InlineData(RecurrentCellKind.Lstm, false, 0.0, 32, 8)]
    [InlineData(RecurrentCellKind.Gru, true, 0.2, 32, 8)]
    [InlineData(RecurrentCellKind.RnnTanh, false, 0.0, 32, 8)]
    [InlineData(RecurrentCellKind.Lstm, false, 0.0, 64, 32)]
    public void WarmTrainingStepAllocatesNothing(RecurrentCellKind cell, bool bidirectional, double dropout, int hidden, int batch)
    {
        var config = new SequenceModelConfig
        {
            Cell = cell, VocabSize = 17, EmbeddingSize = 8, HiddenSize = hidden, NumLayers = 2, Bidirectional = bidirectional,
            Dropout = dropout, OutputDropout = dropout, OutputSize = 17,
        };
        var tokens = Enumerable.Range(0, 5_000).Select(i => i * 7 % 17).ToArray();
        var trainer = new Trainer<float>(new SequenceModel<float>(config, new Rng(1)), new TokenStreamBatches(tokens, 16, batch),
            new TrainerOptions { Schedule = "exp:0.99" });
        for (var i = 0; i < 3; i++) trainer.TrainStep();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++) trainer.TrainStep();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
