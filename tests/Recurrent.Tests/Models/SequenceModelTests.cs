using Recurrent.Layers.Recurrent;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Models;

public class SequenceModelTests
{
    private const int Steps = 4, Batch = 2, Vocab = 7;

    private static SequenceModelConfig Config(double outputDropout) => new()
    {
        Cell = RecurrentCellKind.Lstm, VocabSize = Vocab, EmbeddingSize = 3, HiddenSize = 5, NumLayers = 2, Dropout = 0.3,
        OutputDropout = outputDropout, OutputSize = Vocab,
    };

    private static readonly int[] Tokens = [1, 2, 3, 4, 5, 6, 0, 1];

    [Fact]
    public void OutputDropoutIsDifferentiatedWithItsMask()
    {
        var rng = new Rng(21);
        var model = new SequenceModel<double>(Config(outputDropout: 0.5), rng);
        var lossWeights = Enumerable.Range(0, Steps * Batch * Vocab).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var maskState = model.Rng.State;
        double Loss()
        {
            // The same masks (between the layers and before the head) every evaluation: a fixed function.
            model.Rng.Restore(maskState);
            model.Forward(Tokens, Steps, Batch, training: true);
            var logits = model.Logits;
            var sum = 0.0;
            for (var i = 0; i < logits.Length; i++) sum += logits[i] * lossWeights[i];
            return sum;
        }

        Loss();
        model.Backward(lossWeights);
        GradientCheck.CheckParameters(model.Parameters, Loss);
    }

    [Fact]
    public void OutputDropoutActsInTrainingOnly()
    {
        // Dropout draws no weights, so the same seed gives both models the same parameters.
        var plain = new SequenceModel<double>(Config(outputDropout: 0), new Rng(4));
        var dropped = new SequenceModel<double>(Config(outputDropout: 0.5), new Rng(4));
        Assert.Equal(plain.Parameters.Values.ToArray(), dropped.Parameters.Values.ToArray());

        plain.Forward(Tokens, Steps, Batch);
        dropped.Forward(Tokens, Steps, Batch);
        Assert.Equal(plain.Logits.ToArray(), dropped.Logits.ToArray());

        // In training the stack draws its masks first in both models, so only the head's input differs.
        plain.Forward(Tokens, Steps, Batch, training: true);
        dropped.Forward(Tokens, Steps, Batch, training: true);
        Assert.NotEqual(plain.Logits.ToArray(), dropped.Logits.ToArray());
    }

    [Fact]
    public void OutputDropoutIsSavedInTheConfig()
    {
        var config = Config(outputDropout: 0.25);
        Assert.Contains("\"output_dropout\":0.25", config.ToJson());
        Assert.Equal(0.25, SequenceModelConfig.FromJson(config.ToJson()).OutputDropout);
        Assert.DoesNotContain("output_dropout", Config(outputDropout: 0).ToJson());
        var error = Assert.Throws<InvalidDataException>(() => (Config(outputDropout: 0) with { OutputDropout = 1 }).Validate());
        Assert.Contains("output_dropout", error.Message);
    }
}
