using System.Numerics;
using Recurrent.Losses;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Losses;

public class MeanSquaredErrorLossTests
{
    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    public void MatchesPyTorch(Reduction reduction)
    {
        CheckParity<float>(reduction);
        CheckParity<double>(reduction);
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    public void GradientMatchesFiniteDifferences(Reduction reduction)
    {
        var predictions = new[] { 0.3, -1.2, 2.5, 0.0, -0.4 };
        var targets = new[] { 0.0, -1.0, 3.0, 0.5, -0.4 };
        var loss = new MeanSquaredErrorLoss<double>(reduction);
        loss.Forward(predictions, targets);
        var analytic = new double[predictions.Length];
        loss.Backward(analytic, 1.0);

        GradientCheck.Check($"MSE {reduction}", predictions, analytic, () => loss.Forward(predictions, targets));
    }

    [Fact]
    public void BackwardAddsScaledGradient()
    {
        var loss = new MeanSquaredErrorLoss<double>(Reduction.Sum);
        loss.Forward([1.0, 2.0], [0.0, 4.0]);
        var gradient = new[] { 10.0, 10.0 };
        loss.Backward(gradient, 0.5);

        // 10 + 0.5·2·(p − y)
        TensorAssert.Close("dPredictions", new[] { 11.0, 8.0 }, gradient, 0, 0);
    }

    [Fact]
    public void EmptyMeanIsNaNAsPyTorch()
    {
        Assert.True(double.IsNaN(new MeanSquaredErrorLoss<double>().Forward([], [])));
    }

    [Fact]
    public void MismatchedLengthsAreAnError()
    {
        var loss = new MeanSquaredErrorLoss<float>();
        Assert.Throws<ArgumentException>(() => loss.Forward(new float[3], new float[4]));
    }

    [Fact]
    public void RepeatedCallsDoNotAllocate()
    {
        var predictions = new float[16];
        var targets = new float[16];
        var gradient = new float[16];
        var loss = new MeanSquaredErrorLoss<float>();
        loss.Forward(predictions, targets);
        loss.Backward(gradient, 1f);

        var before = GC.GetAllocatedBytesForCurrentThread();
        loss.Forward(predictions, targets);
        loss.Backward(gradient, 1f);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static void CheckParity<T>(Reduction reduction) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var file = Fixtures.Load("losses/mse.safetensors");
        var predictions = file["predictions"].ToArray<T>();
        var targets = file["targets"].ToArray<T>();
        var key = reduction == Reduction.Mean ? "mean" : "sum";
        var loss = new MeanSquaredErrorLoss<T>(reduction);

        var value = loss.Forward(predictions, targets);
        var gradient = new T[predictions.Length];
        loss.Backward(gradient, T.One);

        TensorAssert.Close<T, double>($"{key}.loss ({typeof(T).Name})", file[$"{key}.loss"].ToArray<double>(), [value],
            LossTolerances.Forward, LossTolerances.Forward);
        TensorAssert.Close<T, double>($"{key}.grad ({typeof(T).Name})", file[$"{key}.grad"].ToArray<double>(), gradient,
            LossTolerances.Gradient, LossTolerances.Gradient);
    }
}
