using System.Numerics;
using System.Numerics.Tensors;

namespace Recurrent.Layers.Recurrent;

/// <summary>Elman RNN step as PyTorch's nn.RNN: h' = act(W_ih·x + b_ih + W_hh·h + b_hh), act = tanh or ReLU.</summary>
public readonly struct SimpleRnnCell<T, TActivation> : IRecurrentCell<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TActivation : IRnnActivation<T>
{
    public static int GateCount => 1;

    public static bool HasCellState => false;

    /// <summary>h' itself: both activations' derivatives are functions of their output.</summary>
    public static int CacheBlocks => 1;

    public static bool SeparateHiddenGateGradient => false;

    public static void ForwardRow(
        Span<T> h, Span<T> c, Span<T> cache,
        ReadOnlySpan<T> inputGates, ReadOnlySpan<T> hiddenGates, ReadOnlySpan<T> hPrevious, ReadOnlySpan<T> cPrevious)
    {
        TensorPrimitives.Add(inputGates, hiddenGates, h);
        TActivation.Apply(h);
        h.CopyTo(cache);
    }

    public static void BackwardRow(
        Span<T> dInputGates, Span<T> dHiddenGates, Span<T> dh, Span<T> dc,
        ReadOnlySpan<T> cache, ReadOnlySpan<T> hPrevious, ReadOnlySpan<T> cPrevious)
    {
        TActivation.Backward(dInputGates, dh, cache);
        dh.Clear();
    }
}

/// <summary>The non-linearity of a simple RNN, with its derivative written in terms of its output.</summary>
public interface IRnnActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract void Apply(Span<T> values);

    /// <summary>dPre = dOutput ⊙ act′, with act′ computed from the activation's output.</summary>
    static abstract void Backward(Span<T> dPre, ReadOnlySpan<T> dOutput, ReadOnlySpan<T> output);
}

/// <summary>tanh; tanh'(x) = 1 − tanh²(x).</summary>
public readonly struct TanhActivation<T> : IRnnActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Apply(Span<T> values) => TensorPrimitives.Tanh(values, values);

    public static void Backward(Span<T> dPre, ReadOnlySpan<T> dOutput, ReadOnlySpan<T> output)
    {
        // dPre = dOutput ⊙ (1 − y²)
        TensorPrimitives.Multiply(output, output, dPre);
        TensorPrimitives.Subtract(T.One, dPre, dPre);
        TensorPrimitives.Multiply(dPre, dOutput, dPre);
    }
}

/// <summary>max(0, x); its derivative is 1 where the output is positive (PyTorch uses 0 at x = 0).</summary>
public readonly struct ReluActivation<T> : IRnnActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Apply(Span<T> values) => TensorPrimitives.Max(values, T.Zero, values);

    public static void Backward(Span<T> dPre, ReadOnlySpan<T> dOutput, ReadOnlySpan<T> output)
    {
        for (var k = 0; k < dPre.Length; k++) dPre[k] = output[k] > T.Zero ? dOutput[k] : T.Zero;
    }
}
