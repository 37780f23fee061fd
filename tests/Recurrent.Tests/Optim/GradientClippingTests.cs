using Recurrent.Optim;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Optim;

public class GradientClippingTests
{
    /// <summary>
    /// Float gradients: one float32 rounding of the scaled value (~6e-8 relative) against float64 references;
    /// the norm is summed in double, so it is as accurate as PyTorch's float64 norm up to summation order.
    /// </summary>
    private const double FloatTolerance = 1e-6;

    /// <summary>Double: only the summation order differs from PyTorch's per-tensor-then-total norm.</summary>
    private const double DoubleTolerance = 1e-12;

    [Theory]
    [InlineData(1.0)]
    [InlineData(100.0)]
    public void GlobalNormMatchesPyTorch(double maxNorm)
    {
        var file = Fixtures.Load("optim/clipping.safetensors");
        var key = $"norm{maxNorm:0.#}";
        var expectedNorm = file[$"{key}.total_norm"].ToArray<double>();
        var expectedClipped = file[$"{key}.clipped"].ToArray<double>();

        var floats = file["grads"].ToArray<float>();
        var floatNorm = GradientClipping.ClipByGlobalNorm<float>(floats, maxNorm);
        TensorAssert.Close<double, double>($"{key} norm (float)", expectedNorm, [floatNorm], DoubleTolerance, DoubleTolerance);
        TensorAssert.Close<float, double>($"{key} clipped (float)", expectedClipped, floats, FloatTolerance, FloatTolerance);

        var doubles = file["grads"].ToArray<double>();
        var doubleNorm = GradientClipping.ClipByGlobalNorm<double>(doubles, maxNorm);
        TensorAssert.Close<double, double>($"{key} norm (double)", expectedNorm, [doubleNorm], DoubleTolerance, DoubleTolerance);
        TensorAssert.Close<double, double>($"{key} clipped (double)", expectedClipped, doubles, DoubleTolerance, DoubleTolerance);
    }

    [Fact]
    public void ValueClippingMatchesPyTorch()
    {
        var file = Fixtures.Load("optim/clipping.safetensors");
        var expected = file["value0.5.clipped"].ToArray<double>();
        var gradients = file["grads"].ToArray<float>();

        GradientClipping.ClipByValue<float>(gradients, 0.5);

        // Clamping only selects values, so the result is exact.
        TensorAssert.Close<float, double>("value 0.5", expected, gradients, 0, 0);
    }

    [Fact]
    public void NonFiniteNormIsReturnedAndGradientsAreLeftAlone()
    {
        float[] withNaN = [1f, float.NaN, 2f];
        Assert.True(double.IsNaN(GradientClipping.ClipByGlobalNorm<float>(withNaN, 1.0)));
        Assert.Equal(2f, withNaN[2]);

        float[] withInfinity = [1f, float.PositiveInfinity, 2f];
        Assert.Equal(double.PositiveInfinity, GradientClipping.ClipByGlobalNorm<float>(withInfinity, 1.0));
        Assert.Equal([1f, float.PositiveInfinity, 2f], withInfinity);
    }

    [Fact]
    public void ValueClippingKeepsNaNAndClampsInfinities()
    {
        double[] gradients = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.25];
        GradientClipping.ClipByValue<double>(gradients, 0.5);
        Assert.True(double.IsNaN(gradients[0]));
        Assert.Equal([0.5, -0.5, -0.25], gradients[1..]);
    }

    [Fact]
    public void NormIsSummedInDoubleSoFloatSquaresDoNotOverflow()
    {
        // 1e20² overflows float32 but not double.
        float[] gradients = [1e20f, 1e20f];
        var norm = GradientClipping.ClipByGlobalNorm<float>(gradients, 1.0);
        Assert.Equal(Math.Sqrt(2) * 1e20, norm, 1e-6 * norm);
        Assert.Equal(1 / Math.Sqrt(2), gradients[0], 1e-6);
    }

    [Fact]
    public void ZeroGradientsStayZero()
    {
        var gradients = new double[5];
        Assert.Equal(0.0, GradientClipping.ClipByGlobalNorm<double>(gradients, 1.0));
        Assert.All(gradients, g => Assert.Equal(0.0, g));
    }

    [Fact]
    public void NegativeLimitsAreErrors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm<float>(new float[2], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByValue<float>(new float[2], double.NaN));
    }
}
