using System.Numerics;
using System.Numerics.Tensors;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// Inverted dropout, as torch.nn.Dropout: in training y = x⊙m/(1−p) with m ~ Bernoulli(1−p); at inference y = x.
/// </summary>
public sealed class Dropout<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Rng _rng;
    private T[] _mask = [];   // (N) 0 or 1/(1−p), for backward
    private bool _active;
    private int _length;

    public Dropout(double probability, Rng rng)
    {
        if (!(probability >= 0 && probability < 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "Dropout probability must be in [0, 1).");
        Probability = probability;
        _rng = rng;
    }

    public double Probability { get; }

    /// <param name="output">(N) y</param>
    /// <param name="input">(N) x; may be the same memory as output</param>
    /// <param name="training">false: the identity</param>
    public void Forward(Span<T> output, ReadOnlySpan<T> input, bool training)
    {
        _active = training && Probability > 0;
        _length = input.Length;
        if (!_active)
        {
            input.CopyTo(output);
            return;
        }
        if (_mask.Length < input.Length) _mask = new T[input.Length];
        var mask = _mask.AsSpan(0, input.Length);
        var keep = T.CreateTruncating(1.0 / (1.0 - Probability));
        for (var i = 0; i < mask.Length; i++) mask[i] = _rng.NextDouble() < Probability ? T.Zero : keep;
        TensorPrimitives.Multiply(input, mask, output);
    }

    /// <summary>y = x⊙m/(1−p)  ⇒  dx += dy⊙m/(1−p). Adds into <paramref name="dInput"/>.</summary>
    public void Backward(Span<T> dInput, ReadOnlySpan<T> dOutput)
    {
        if (dOutput.Length != _length) throw new ArgumentException("dOutput does not match the last Forward's length.", nameof(dOutput));
        if (_active) TensorPrimitives.FusedMultiplyAdd(dOutput, _mask.AsSpan(0, _length), dInput, dInput);
        else TensorPrimitives.Add(dInput, dOutput, dInput);
    }
}
