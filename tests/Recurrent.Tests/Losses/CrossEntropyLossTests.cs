using System.Numerics;
using Recurrent.Losses;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Losses;

public class CrossEntropyLossTests
{
    [Theory]
    [InlineData("basic", Reduction.Mean)]
    [InlineData("basic", Reduction.Sum)]
    [InlineData("large", Reduction.Mean)]
    [InlineData("large", Reduction.Sum)]
    [InlineData("ignore_one", Reduction.Mean)]
    [InlineData("ignore_one", Reduction.Sum)]
    public void MatchesPyTorch(string fixtureCase, Reduction reduction)
    {
        CheckParity<float>(fixtureCase, reduction);
        CheckParity<double>(fixtureCase, reduction);
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    public void GradientMatchesFiniteDifferences(Reduction reduction)
    {
        // 4 rows × 5 classes, row 2 ignored; the sign pattern keeps logits varied.
        var logits = Enumerable.Range(0, 20).Select(i => Math.Sin(1.7 * i) * 2).ToArray();
        int[] targets = [3, 0, -100, 4];
        var loss = new CrossEntropyLoss<double>(5, reduction);
        loss.Forward(logits, targets);
        var analytic = new double[logits.Length];
        loss.Backward(analytic, 1.0);

        GradientCheck.Check($"cross-entropy {reduction}", logits, analytic, () => loss.Forward(logits, targets));
    }

    [Fact]
    public void BackwardAddsScaledGradient()
    {
        var logits = new[] { 0.5, -1.0, 2.0, 0.0, 1.0, -0.5 };
        int[] targets = [2, 0];
        var loss = new CrossEntropyLoss<double>(3);
        loss.Forward(logits, targets);
        var plain = new double[6];
        loss.Backward(plain, 1.0);

        var accumulated = Enumerable.Repeat(1.0, 6).ToArray();
        loss.Backward(accumulated, 0.25);

        var expected = plain.Select(g => 1 + 0.25 * g).ToArray();
        TensorAssert.Close("1 + 0.25·dLogits", expected, accumulated, 1e-15, 1e-15);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(-1)]
    public void TargetOutsideClassesIsAnError(int badTarget)
    {
        var loss = new CrossEntropyLoss<float>(5);
        var error = Assert.Throws<ArgumentException>(() => loss.Forward(new float[10], [0, badTarget]));
        Assert.Contains("index 1", error.Message);
        Assert.Contains(badTarget.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void LogitsOfWrongLengthAreAnError()
    {
        var loss = new CrossEntropyLoss<float>(5);
        Assert.Throws<ArgumentException>(() => loss.Forward(new float[9], [0, 1]));
    }

    [Fact]
    public void AllTargetsIgnoredGiveNaNMeanAndZeroGradientAsPyTorch()
    {
        var loss = new CrossEntropyLoss<double>(3);
        var value = loss.Forward([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [-100, -100]);
        var gradient = new double[6];
        loss.Backward(gradient, 1.0);

        Assert.True(double.IsNaN(value));
        Assert.All(gradient, g => Assert.Equal(0.0, g));
    }

    [Fact]
    public void HugeLogitsStayFiniteInFloat()
    {
        var logits = new[] { 1000f, -1000f, 0f, -1000f, 1000f, 999f };
        var loss = new CrossEntropyLoss<float>(3, Reduction.Sum);
        var value = loss.Forward(logits, [1, 2]);
        var gradient = new float[6];
        loss.Backward(gradient, 1f);

        Assert.True(float.IsFinite(value));
        Assert.All(gradient, g => Assert.True(float.IsFinite(g)));
    }

    [Fact]
    public void RepeatedCallsDoNotAllocate()
    {
        var logits = new float[4 * 6];
        int[] targets = [0, 5, -100, 2];
        var gradient = new float[logits.Length];
        var loss = new CrossEntropyLoss<float>(6);
        loss.Forward(logits, targets);
        loss.Backward(gradient, 1f);

        var before = GC.GetAllocatedBytesForCurrentThread();
        loss.Forward(logits, targets);
        loss.Backward(gradient, 1f);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static void CheckParity<T>(string fixtureCase, Reduction reduction) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var file = Fixtures.Load("losses/cross_entropy.safetensors");
        var logitsTensor = file[$"{fixtureCase}.logits"];
        var logits = logitsTensor.ToArray<T>();
        var targets = file[$"{fixtureCase}.targets"].ToInt32Array();
        var ignoreIndex = file[$"{fixtureCase}.ignore_index"].ToInt32Array()[0];
        var key = $"{fixtureCase}.{(reduction == Reduction.Mean ? "mean" : "sum")}";
        var loss = new CrossEntropyLoss<T>(logitsTensor.Shape[1], reduction, ignoreIndex);

        var value = loss.Forward(logits, targets);
        var gradient = new T[logits.Length];
        loss.Backward(gradient, T.One);

        TensorAssert.Close<T, double>($"{key}.loss ({typeof(T).Name})", file[$"{key}.loss"].ToArray<double>(), [value],
            LossTolerances.Forward, LossTolerances.Forward);
        TensorAssert.Close<T, double>($"{key}.grad ({typeof(T).Name})", file[$"{key}.grad"].ToArray<double>(), gradient,
            LossTolerances.Gradient, LossTolerances.Gradient);
    }
}
