using System.Numerics;

namespace Recurrent.Losses;

/// <summary>
/// Binary cross-entropy on logits, as <c>torch.nn.BCEWithLogitsLoss</c>:
/// ℓᵢ = (1 − yᵢ)·xᵢ + wᵢ·softplus(−xᵢ) with wᵢ = 1 + (p − 1)·yᵢ for the positive weight p;
/// loss = Σᵢ ℓᵢ (Sum) or Σᵢ ℓᵢ / N (Mean). With p = 1 this is −[y·log σ(x) + (1 − y)·log(1 − σ(x))].
/// </summary>
/// <remarks>
/// softplus(−x) = log(1 + e^(−x)) is evaluated as max(−x, 0) + log(1 + e^(−|x|)), so e^(·) never overflows and
/// logits of ±1000 give finite losses and gradients.
/// </remarks>
public sealed class BinaryCrossEntropyWithLogitsLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _logits = [];   // (N) from the last Forward
    private T[] _targets = [];  // (N)
    private int _count;

    /// <param name="reduction">Mean or Sum over all elements.</param>
    /// <param name="positiveWeight">
    /// p, the weight of the positive term (PyTorch's <c>pos_weight</c> as one scalar): above 1 it makes rare
    /// positives, such as wake-word frames, count more. The default 1 is the unweighted loss.
    /// </param>
    public BinaryCrossEntropyWithLogitsLoss(Reduction reduction = Reduction.Mean, double positiveWeight = 1.0)
    {
        if (!Enum.IsDefined(reduction)) throw new ArgumentOutOfRangeException(nameof(reduction));
        if (!double.IsFinite(positiveWeight) || positiveWeight < 0)
            throw new ArgumentOutOfRangeException(nameof(positiveWeight), positiveWeight, "The positive weight must be finite and non-negative.");
        Reduction = reduction;
        PositiveWeight = positiveWeight;
    }

    public Reduction Reduction { get; }

    public double PositiveWeight { get; }

    /// <summary>The loss of <paramref name="logits"/> against <paramref name="targets"/> in [0, 1], element by element.</summary>
    public T Forward(ReadOnlySpan<T> logits, ReadOnlySpan<T> targets)
    {
        if (logits.Length != targets.Length)
            throw new ArgumentException($"{logits.Length} logits but {targets.Length} targets.", nameof(targets));
        var n = logits.Length;
        if (_logits.Length < n)
        {
            _logits = new T[n];
            _targets = new T[n];
        }
        logits.CopyTo(_logits);
        targets.CopyTo(_targets);
        _count = n;

        var p = T.CreateTruncating(PositiveWeight);
        var total = T.Zero;
        for (var i = 0; i < n; i++)
        {
            var x = logits[i];
            var y = targets[i];
            var w = T.One + (p - T.One) * y;
            total += (T.One - y) * x + w * SoftplusOfNegative(x);
        }
        return Reduction == Reduction.Mean ? total / T.CreateTruncating(n) : total;
    }

    /// <summary>Adds <paramref name="dLoss"/>·∂loss/∂logits into <paramref name="dLogits"/>, for the last Forward.</summary>
    public void Backward(Span<T> dLogits, T dLoss)
    {
        if (dLogits.Length != _count)
            throw new ArgumentException($"dLogits holds {dLogits.Length} values; the last Forward had {_count}.", nameof(dLogits));
        // Differentiates "total / n" (Mean) or "total" (Sum).
        var scale = Reduction == Reduction.Mean ? dLoss / T.CreateTruncating(_count) : dLoss;
        var p = T.CreateTruncating(PositiveWeight);
        for (var i = 0; i < _count; i++)
        {
            var x = _logits[i];
            var y = _targets[i];
            var w = T.One + (p - T.One) * y;
            // Differentiates "(1 − y)·x + w·softplus(−x)": ∂/∂x = (1 − y) − w·σ(−x).
            dLogits[i] += scale * (T.One - y - w * Sigmoid(-x));
        }
    }

    /// <summary>log(1 + e^(−x)) = max(−x, 0) + log(1 + e^(−|x|)).</summary>
    private static T SoftplusOfNegative(T x) => T.Max(-x, T.Zero) + T.LogP1(T.Exp(-T.Abs(x)));

    /// <summary>σ(z) = 1 / (1 + e^(−z)), written so that e^(·) only sees non-positive arguments.</summary>
    private static T Sigmoid(T z)
    {
        var e = T.Exp(-T.Abs(z));
        return z >= T.Zero ? T.One / (T.One + e) : e / (T.One + e);
    }
}
