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
        for (var k = 0; k < dh.Length; k++)
        {
            dInputGates[k] = dh[k] * TActivation.DerivativeFromOutput(cache[k]);
            dh[k] = T.Zero;
        }
    }
}

/// <summary>The non-linearity of a simple RNN, with its derivative written in terms of its output.</summary>
public interface IRnnActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract void Apply(Span<T> values);

    static abstract T DerivativeFromOutput(T output);
}

/// <summary>tanh; tanh'(x) = 1 − tanh²(x).</summary>
public readonly struct TanhActivation<T> : IRnnActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Apply(Span<T> values) => TensorPrimitives.Tanh(values, values);

    public static T DerivativeFromOutput(T output) => T.One - output * output;
}

/// <summary>max(0, x); its derivative is 1 where the output is positive (PyTorch uses 0 at x = 0).</summary>
public readonly struct ReluActivation<T> : IRnnActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Apply(Span<T> values) => TensorPrimitives.Max(values, T.Zero, values);

    public static T DerivativeFromOutput(T output) => output > T.Zero ? T.One : T.Zero;
}
