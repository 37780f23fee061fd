using System.Numerics;
using System.Numerics.Tensors;

namespace Recurrent.Losses;

/// <summary>
/// Squared error, as <c>torch.nn.MSELoss</c>: loss = Σᵢ (pᵢ − yᵢ)² (Sum) or Σᵢ (pᵢ − yᵢ)² / N (Mean).
/// </summary>
/// <remarks>Mean over zero elements is 0/0 = NaN, as in PyTorch.</remarks>
public sealed class MeanSquaredErrorLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _difference = [];  // (N) p − y from the last Forward
    private int _count;

    public MeanSquaredErrorLoss(Reduction reduction = Reduction.Mean)
    {
        if (!Enum.IsDefined(reduction)) throw new ArgumentOutOfRangeException(nameof(reduction));
        Reduction = reduction;
    }

    public Reduction Reduction { get; }

    public T Forward(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets)
    {
        if (predictions.Length != targets.Length)
            throw new ArgumentException($"{predictions.Length} predictions but {targets.Length} targets.", nameof(targets));
        var n = predictions.Length;
        if (_difference.Length < n) _difference = new T[n];
        var difference = _difference.AsSpan(0, n);
        _count = n;
        TensorPrimitives.Subtract(predictions, targets, difference);
        var total = TensorPrimitives.SumOfSquares<T>(difference);
        return Reduction == Reduction.Mean ? total / T.CreateTruncating(n) : total;
    }

    /// <summary>Adds <paramref name="dLoss"/>·∂loss/∂predictions into <paramref name="dPredictions"/>, for the last Forward.</summary>
    public void Backward(Span<T> dPredictions, T dLoss)
    {
        if (dPredictions.Length != _count)
            throw new ArgumentException($"dPredictions holds {dPredictions.Length} values; the last Forward had {_count}.", nameof(dPredictions));
        // Differentiates "SumOfSquares(p − y) [/ n]": ∂/∂pᵢ = 2·(pᵢ − yᵢ) [/ n].
        var scale = T.CreateTruncating(2) * (Reduction == Reduction.Mean ? dLoss / T.CreateTruncating(_count) : dLoss);
        TensorPrimitives.MultiplyAdd(_difference.AsSpan(0, _count), scale, dPredictions, dPredictions);
    }
}
