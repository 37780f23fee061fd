using System.Numerics;
using Recurrent.Losses;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Losses;

public class BinaryCrossEntropyWithLogitsLossTests
{
    [Theory]
    [InlineData(1.0, Reduction.Mean)]
    [InlineData(1.0, Reduction.Sum)]
    [InlineData(3.0, Reduction.Mean)]
    [InlineData(3.0, Reduction.Sum)]
    public void MatchesPyTorch(double positiveWeight, Reduction reduction)
    {
        CheckParity<float>(positiveWeight, reduction);
        CheckParity<double>(positiveWeight, reduction);
    }

    [Theory]
    [InlineData(1.0, Reduction.Mean)]
    [InlineData(1.0, Reduction.Sum)]
    [InlineData(4.0, Reduction.Mean)]
    [InlineData(0.5, Reduction.Sum)]
    public void GradientMatchesFiniteDifferences(double positiveWeight, Reduction reduction)
    {
        var logits = new[] { -3.0, -0.7, 0.2, 1.5, 4.0, -0.1, 2.2 };
        var targets = new[] { 0.0, 1.0, 1.0, 0.0, 1.0, 0.3, 0.9 };
        var loss = new BinaryCrossEntropyWithLogitsLoss<double>(reduction, positiveWeight);
        loss.Forward(logits, targets);
        var analytic = new double[logits.Length];
        loss.Backward(analytic, 1.0);

        GradientCheck.Check($"BCE pos_weight {positiveWeight} {reduction}", logits, analytic, () => loss.Forward(logits, targets));
    }

    [Fact]
    public void BackwardAddsScaledGradient()
    {
        var logits = new[] { -1.0, 0.5, 2.0 };
        var targets = new[] { 0.0, 1.0, 0.5 };
        var loss = new BinaryCrossEntropyWithLogitsLoss<double>(Reduction.Sum, 2.0);
        loss.Forward(logits, targets);
        var plain = new double[3];
        loss.Backward(plain, 1.0);

        var accumulated = new[] { 1.0, 1.0, 1.0 };
        loss.Backward(accumulated, -2.0);

        TensorAssert.Close("1 − 2·dLogits", plain.Select(g => 1 - 2 * g).ToArray(), accumulated, 1e-15, 1e-15);
    }

    [Fact]
    public void HugeLogitsStayFiniteInFloat()
    {
        var loss = new BinaryCrossEntropyWithLogitsLoss<float>(Reduction.Sum, 3.0);
        var value = loss.Forward([1000f, -1000f, 1000f, -1000f], [0f, 1f, 1f, 0f]);
        var gradient = new float[4];
        loss.Backward(gradient, 1f);

        // The two wrong-sided logits cost 1000 and 3·1000; the right-sided ones cost nothing.
        Assert.Equal(4000f, value, 1e-3f);
        Assert.All(gradient, g => Assert.True(float.IsFinite(g)));
    }

    [Fact]
    public void MismatchedLengthsAreAnError()
    {
        var loss = new BinaryCrossEntropyWithLogitsLoss<float>();
        Assert.Throws<ArgumentException>(() => loss.Forward(new float[3], new float[2]));
    }

    [Fact]
    public void NegativePositiveWeightIsAnError()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BinaryCrossEntropyWithLogitsLoss<float>(Reduction.Mean, -1));
    }

    [Fact]
    public void RepeatedCallsDoNotAllocate()
    {
        var logits = new float[16];
        var targets = new float[16];
        var gradient = new float[16];
        var loss = new BinaryCrossEntropyWithLogitsLoss<float>(Reduction.Mean, 2.0);
        loss.Forward(logits, targets);
        loss.Backward(gradient, 1f);

        var before = GC.GetAllocatedBytesForCurrentThread();
        loss.Forward(logits, targets);
        loss.Backward(gradient, 1f);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static void CheckParity<T>(double positiveWeight, Reduction reduction) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var file = Fixtures.Load("losses/bce_with_logits.safetensors");
        var logits = file["logits"].ToArray<T>();
        var targets = file["targets"].ToArray<T>();
        var key = $"pw{positiveWeight:0.#}.{(reduction == Reduction.Mean ? "mean" : "sum")}";
        var loss = new BinaryCrossEntropyWithLogitsLoss<T>(reduction, positiveWeight);

        var value = loss.Forward(logits, targets);
        var gradient = new T[logits.Length];
        loss.Backward(gradient, T.One);

        TensorAssert.Close<T, double>($"{key}.loss ({typeof(T).Name})", file[$"{key}.loss"].ToArray<double>(), [value],
            LossTolerances.Forward, LossTolerances.Forward);
        TensorAssert.Close<T, double>($"{key}.grad ({typeof(T).Name})", file[$"{key}.grad"].ToArray<double>(), gradient,
            LossTolerances.Gradient, LossTolerances.Gradient);
    }
}
