using System.Numerics;
using System.Numerics.Tensors;

namespace Recurrent.Optim;

/// <summary>Gradient clipping over the whole flat gradient buffer, as <c>torch.nn.utils.clip_grad_norm_</c> and <c>clip_grad_value_</c>.</summary>
public static class GradientClipping
{
    /// <summary>PyTorch's guard in max_norm / (‖g‖ + 1e-6), so a zero gradient does not divide by zero.</summary>
    private const double NormEpsilon = 1e-6;

    /// <summary>
    /// c = maxNorm / (‖g‖₂ + 1e-6); if c &lt; 1, g ← c·g. Returns ‖g‖₂ before clipping, summed in double so
    /// millions of float squares do not lose precision.
    /// </summary>
    /// <remarks>
    /// A NaN or infinite norm is returned as is and the gradients are left alone, so the caller can report it and
    /// skip the step. PyTorch instead multiplies by the non-finite coefficient, which turns the gradients to NaN or 0.
    /// </remarks>
    public static double ClipByGlobalNorm<T>(Span<T> gradients, double maxNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(maxNorm >= 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The maximum norm must be non-negative.");
        var sumOfSquares = 0.0;
        foreach (var g in gradients)
        {
            var x = double.CreateTruncating(g);
            sumOfSquares += x * x;
        }
        var norm = Math.Sqrt(sumOfSquares);
        if (!double.IsFinite(norm)) return norm;
        var coefficient = maxNorm / (norm + NormEpsilon);
        if (coefficient < 1) TensorPrimitives.Multiply(gradients, T.CreateTruncating(coefficient), gradients);
        return norm;
    }

    /// <summary>g ← min(max(g, −clipValue), clipValue), element by element; NaN stays NaN, as in torch.clamp.</summary>
    public static void ClipByValue<T>(Span<T> gradients, double clipValue) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(clipValue >= 0)) throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, "The clip value must be non-negative.");
        var limit = T.CreateTruncating(clipValue);
        TensorPrimitives.Max(gradients, -limit, gradients);
        TensorPrimitives.Min(gradients, limit, gradients);
    }
}
