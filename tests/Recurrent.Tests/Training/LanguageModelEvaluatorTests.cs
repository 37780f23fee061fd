using Recurrent.Layers.Recurrent;
using Recurrent.Losses;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public class LanguageModelEvaluatorTests
{
    private static SequenceModel<double> Model(RecurrentCellKind cell) => new(new SequenceModelConfig
    {
        Cell = cell, VocabSize = 5, EmbeddingSize = 3, HiddenSize = 4, NumLayers = 2, OutputSize = 5,
    }, new Rng(3));

    [Theory]
    [InlineData(RecurrentCellKind.Lstm)]
    [InlineData(RecurrentCellKind.Gru)]
    public void WindowsCarryTheStateSoTheLossEqualsOneForwardOverTheWholeText(RecurrentCellKind cell)
    {
        int[] tokens = [0, 3, 1, 4, 4, 2, 0, 1, 3, 2, 1];
        var model = Model(cell);
        var windowed = LanguageModelEvaluator.Evaluate(model, tokens, steps: 3, batch: 1);

        model.Forward(tokens.AsSpan(0, 10), 10, 1);
        var whole = new CrossEntropyLoss<double>(5, Reduction.Sum).Forward(model.Logits, tokens.AsSpan(1, 10));
        Assert.Equal(10, windowed.Tokens);
        Assert.Equal(whole, windowed.TotalNats, 10);
        Assert.Equal(Math.Exp(whole / 10), windowed.Perplexity, 10);
        Assert.Equal(whole / Math.Log(2) / 20, windowed.BitsPerCharacter(20), 10);
    }

    [Fact]
    public void LanesAreMeasuredSideBySide()
    {
        int[] tokens = [0, 3, 1, 4, 4, 2, 0, 1, 3];
        var model = Model(RecurrentCellKind.Gru);
        // Two lanes of 4 predictions each: 0 3 1 4 → 4, and 4 2 0 1 → 3.
        var both = LanguageModelEvaluator.Evaluate(model, tokens, steps: 2, batch: 2);
        var first = LanguageModelEvaluator.Evaluate(model, tokens.AsSpan(0, 5), steps: 4, batch: 1);
        var second = LanguageModelEvaluator.Evaluate(model, tokens.AsSpan(4, 5), steps: 4, batch: 1);
        Assert.Equal(8, both.Tokens);
        Assert.Equal(first.TotalNats + second.TotalNats, both.TotalNats, 10);
    }
}
