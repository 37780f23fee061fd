using System.Numerics;
using System.Numerics.Tensors;

namespace Recurrent.Layers.Recurrent;

/// <summary>
/// LSTM step, gate order i, f, g, o as in PyTorch's nn.LSTM:
/// [i f g o] = [σ σ tanh σ](W_ih·x + b_ih + W_hh·h + b_hh); c' = f⊙c + i⊙g; h' = o⊙tanh(c').
/// </summary>
public readonly struct LstmCell<T> : IRecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int GateCount => 4;

    public static bool HasCellState => true;

    /// <summary>i, f, g, o after activation, then tanh(c').</summary>
    public static int CacheBlocks => 5;

    public static bool SeparateHiddenGateGradient => false;

    public static void ForwardRow(
        Span<T> h, Span<T> c, Span<T> cache,
        ReadOnlySpan<T> inputGates, ReadOnlySpan<T> hiddenGates, ReadOnlySpan<T> hPrevious, ReadOnlySpan<T> cPrevious)
    {
        var size = h.Length;
        var gates = cache[..(4 * size)];
        TensorPrimitives.Add(inputGates, hiddenGates, gates);
        TensorPrimitives.Sigmoid(gates[..(2 * size)], gates[..(2 * size)]);
        TensorPrimitives.Tanh(gates.Slice(2 * size, size), gates.Slice(2 * size, size));
        TensorPrimitives.Sigmoid(gates.Slice(3 * size, size), gates.Slice(3 * size, size));
        var i = gates[..size];
        var f = gates.Slice(size, size);
        var g = gates.Slice(2 * size, size);
        var o = gates.Slice(3 * size, size);
        var tanhC = cache.Slice(4 * size, size);
        // c' = f⊙c + i⊙g
        TensorPrimitives.Multiply(f, cPrevious, c);
        TensorPrimitives.FusedMultiplyAdd(i, g, c, c);
        // h' = o⊙tanh(c')
        TensorPrimitives.Tanh(c, tanhC);
        TensorPrimitives.Multiply(o, tanhC, h);
    }

    public static void BackwardRow(
        Span<T> dInputGates, Span<T> dHiddenGates, Span<T> dh, Span<T> dc,
        ReadOnlySpan<T> cache, ReadOnlySpan<T> hPrevious, ReadOnlySpan<T> cPrevious)
    {
        var size = dh.Length;
        var one = Vector<T>.One;
        for (var k = 0; k < size; k += Lanes<T>.Count)
        {
            var i = Lanes<T>.Load(cache[..size], k);
            var f = Lanes<T>.Load(cache.Slice(size, size), k);
            var g = Lanes<T>.Load(cache.Slice(2 * size, size), k);
            var o = Lanes<T>.Load(cache.Slice(3 * size, size), k);
            var tanhC = Lanes<T>.Load(cache.Slice(4 * size, size), k);
            var dH = Lanes<T>.Load(dh, k);
            // h' = o⊙tanh(c'): both o and c' receive gradient.
            var dO = dH * tanhC;
            var dCell = Lanes<T>.Load(dc, k) + dH * o * (one - tanhC * tanhC);
            // c' = f⊙c + i⊙g, then through the activations: σ' = σ(1−σ), tanh' = 1 − tanh².
            Lanes<T>.Store(dCell * g * i * (one - i), dInputGates[..size], k);
            Lanes<T>.Store(dCell * Lanes<T>.Load(cPrevious, k) * f * (one - f), dInputGates.Slice(size, size), k);
            Lanes<T>.Store(dCell * i * (one - g * g), dInputGates.Slice(2 * size, size), k);
            Lanes<T>.Store(dO * o * (one - o), dInputGates.Slice(3 * size, size), k);
            Lanes<T>.Store(dCell * f, dc, k);
        }
        // h_prev reaches this step only through W_hh.
        dh.Clear();
    }
}
