namespace Recurrent.Tests.Losses;

/// <summary>Tolerances (absolute and relative alike) for comparing losses with the PyTorch fixtures.</summary>
internal static class LossTolerances
{
    /// <summary>
    /// Loss values: the fixtures are float64 from float32 inputs, so float runs differ by float32 rounding of a
    /// log-sum-exp over a handful of terms (a few ulps ≈ 1e-7 relative); 1e-5 leaves ample room.
    /// </summary>
    public const double Forward = 1e-5;

    /// <summary>
    /// Gradients: softmax/sigmoid differences rounded in float32 lose up to ~1e-6 near zero; 1e-4 relative-or-absolute
    /// still catches any wrong term, whose error would be of order 1e-2 or more.
    /// </summary>
    public const double Gradient = 1e-4;
}
