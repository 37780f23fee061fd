using System.Numerics;
using System.Numerics.Tensors;

namespace Recurrent.Losses;

/// <summary>
/// Softmax cross-entropy over logits, as <c>torch.nn.CrossEntropyLoss</c> with class-index targets:
/// ℓₙ = −log softmax(xₙ)[tₙ] = logsumexp(xₙ) − xₙ[tₙ]; loss = Σₙ ℓₙ (Sum) or Σₙ ℓₙ / |{n : tₙ ≠ ignore}| (Mean),
/// where rows whose target is the ignore index contribute nothing.
/// </summary>
/// <remarks>
/// With <see cref="Reduction.Mean"/> and every target ignored the loss is 0/0 = NaN, as in PyTorch; the gradient
/// stays zero, also as in PyTorch, because ignored rows receive no gradient at all.
/// </remarks>
public sealed class CrossEntropyLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>PyTorch's default <c>ignore_index</c>; padding targets use it.</summary>
    public const int DefaultIgnoreIndex = -100;

    private T[] _logProbabilities = [];  // (N, C), from the last Forward
    private int[] _targets = [];         // (N)
    private T[] _row = [];               // (C) scratch for softmax in Backward
    private int _rows;
    private int _counted;

    public CrossEntropyLoss(int classes, Reduction reduction = Reduction.Mean, int ignoreIndex = DefaultIgnoreIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (!Enum.IsDefined(reduction)) throw new ArgumentOutOfRangeException(nameof(reduction));
        Classes = classes;
        Reduction = reduction;
        IgnoreIndex = ignoreIndex;
    }

    public int Classes { get; }

    public Reduction Reduction { get; }

    public int IgnoreIndex { get; }

    /// <summary>The loss of <paramref name="logits"/> (N, C) against class indices <paramref name="targets"/> (N).</summary>
    /// <exception cref="ArgumentException">A target is outside [0, C) and is not the ignore index.</exception>
    public T Forward(ReadOnlySpan<T> logits, ReadOnlySpan<int> targets)
    {
        var c = Classes;
        var n = targets.Length;
        if (logits.Length != checked(n * c))
            throw new ArgumentException($"Logits hold {logits.Length} values; {n} targets × {c} classes need {n * c}.", nameof(logits));
        for (var i = 0; i < n; i++)
        {
            var t = targets[i];
            if (t != IgnoreIndex && (uint)t >= (uint)c)
                throw new ArgumentException($"Target at index {i} is {t}, outside [0, {c}) and not the ignore index {IgnoreIndex}.", nameof(targets));
        }
        if (_logProbabilities.Length < n * c) _logProbabilities = new T[n * c];
        if (_targets.Length < n) _targets = new int[n];
        if (_row.Length < c) _row = new T[c];
        targets.CopyTo(_targets);
        _rows = n;

        var total = T.Zero;
        var counted = 0;
        for (var i = 0; i < n; i++)
        {
            var x = logits.Slice(i * c, c);
            var logP = _logProbabilities.AsSpan(i * c, c);
            // log softmax(x) = (x − max) − log Σ exp(x − max): the shift keeps exp ≤ 1, so ±1000 stays finite.
            TensorPrimitives.Subtract(x, TensorPrimitives.Max(x), logP);
            TensorPrimitives.Exp(logP, _row.AsSpan(0, c));
            TensorPrimitives.Subtract(logP, T.Log(TensorPrimitives.Sum(_row.AsSpan(0, c))), logP);
            var t = targets[i];
            if (t == IgnoreIndex) continue;
            total -= logP[t];
            counted++;
        }
        _counted = counted;
        return Reduction == Reduction.Mean ? total / T.CreateTruncating(counted) : total;
    }

    /// <summary>
    /// Adds <paramref name="dLoss"/>·∂loss/∂logits into <paramref name="dLogits"/> (N, C), for the last Forward.
    /// </summary>
    public void Backward(Span<T> dLogits, T dLoss)
    {
        var c = Classes;
        if (dLogits.Length != _rows * c)
            throw new ArgumentException($"dLogits holds {dLogits.Length} values; the last Forward had {_rows} × {c}.", nameof(dLogits));
        // Differentiates "total / counted" (Mean) or "total" (Sum): every counted row carries the same weight.
        var scale = Reduction == Reduction.Mean ? dLoss / T.CreateTruncating(_counted) : dLoss;
        var row = _row.AsSpan(0, c);
        for (var i = 0; i < _rows; i++)
        {
            var t = _targets[i];
            if (t == IgnoreIndex) continue;
            // Differentiates "total −= logP[t]": ∂(−log softmax(x)[t])/∂x = softmax(x) − onehot(t).
            var d = dLogits.Slice(i * c, c);
            TensorPrimitives.Exp(_logProbabilities.AsSpan(i * c, c), row);
            TensorPrimitives.MultiplyAdd(row, scale, d, d);
            d[t] -= scale;
        }
    }
}
