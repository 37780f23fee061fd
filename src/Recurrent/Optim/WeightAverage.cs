using System.Numerics;
using System.Numerics.Tensors;

namespace Recurrent.Optim;

/// <summary>
/// The equal-weight running mean of a parameter buffer over the steps it is given (Polyak–Ruppert averaging, the
/// "stochastic weight averaging" of Izmailov et al.): a ← a + (w − a)/n at the n-th update, as the default average of
/// <c>torch.optim.swa_utils.AveragedModel</c>. Late in training the weights wander around a minimum; their mean
/// sits nearer its centre than any one of them, which tends to generalise better and to vary less from seed to seed.
/// </summary>
public sealed class WeightAverage<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _values;

    /// <param name="length">parameters per buffer</param>
    public WeightAverage(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _values = new T[length];
    }

    /// <summary>(P) the mean of every buffer given so far; zeros before the first.</summary>
    public ReadOnlySpan<T> Values => _values;

    /// <summary>How many buffers the mean is over.</summary>
    public long Count { get; private set; }

    /// <param name="weights">(P) this step's parameters</param>
    public void Add(ReadOnlySpan<T> weights)
    {
        if (weights.Length != _values.Length)
            throw new ArgumentException($"weights has {weights.Length} elements; the average holds {_values.Length}.", nameof(weights));
        Count++;
        // The first buffer is copied, not interpolated: a + (w − a)·1 need not round to w exactly.
        if (Count == 1) weights.CopyTo(_values);
        else TensorPrimitives.Lerp(_values, weights, T.One / T.CreateTruncating(Count), _values);
    }

    /// <summary>Restores a mean saved from <see cref="Values"/> and <see cref="Count"/> (a checkpoint).</summary>
    public void Restore(long count, ReadOnlySpan<T> values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (values.Length != _values.Length)
            throw new ArgumentException($"values has {values.Length} elements; the average holds {_values.Length}.", nameof(values));
        values.CopyTo(_values);
        Count = count;
    }
}
