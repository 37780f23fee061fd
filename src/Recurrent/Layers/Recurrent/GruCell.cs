using System.Numerics;
using System.Numerics.Tensors;

namespace Recurrent.Layers.Recurrent;

/// <summary>
/// GRU step, gate order r, z, n as in PyTorch's nn.GRU (the reset gate multiplies W_hn·h + b_hn):
/// r = σ(W_ir·x + b_ir + W_hr·h + b_hr); z = σ(W_iz·x + b_iz + W_hz·h + b_hz);
/// n = tanh(W_in·x + b_in + r⊙(W_hn·h + b_hn)); h' = (1 − z)⊙n + z⊙h.
/// </summary>
public readonly struct GruCell<T> : IRecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int GateCount => 3;

    public static bool HasCellState => false;

    /// <summary>r, z, n after activation, then W_hn·h + b_hn.</summary>
    public static int CacheBlocks => 4;

    /// <summary>The candidate's hidden-side gradient is scaled by r, so the two sides differ.</summary>
    public static bool SeparateHiddenGateGradient => true;

    public static void ForwardRow(
        Span<T> h, Span<T> c, Span<T> cache,
        ReadOnlySpan<T> inputGates, ReadOnlySpan<T> hiddenGates, ReadOnlySpan<T> hPrevious, ReadOnlySpan<T> cPrevious)
    {
        var size = h.Length;
        var rz = cache[..(2 * size)];
        var n = cache.Slice(2 * size, size);
        var hiddenN = cache.Slice(3 * size, size);
        TensorPrimitives.Add(inputGates[..(2 * size)], hiddenGates[..(2 * size)], rz);
        TensorPrimitives.Sigmoid(rz, rz);
        hiddenGates.Slice(2 * size, size).CopyTo(hiddenN);
        // n = tanh(W_in·x + b_in + r⊙(W_hn·h + b_hn))
        TensorPrimitives.FusedMultiplyAdd(rz[..size], hiddenN, inputGates.Slice(2 * size, size), n);
        TensorPrimitives.Tanh(n, n);
        // h' = (1 − z)⊙n + z⊙h = n + z⊙(h − n)
        var z = rz.Slice(size, size);
        TensorPrimitives.Subtract(hPrevious, n, h);
        TensorPrimitives.FusedMultiplyAdd(z, h, n, h);
    }

    public static void BackwardRow(
        Span<T> dInputGates, Span<T> dHiddenGates, Span<T> dh, Span<T> dc,
        ReadOnlySpan<T> cache, ReadOnlySpan<T> hPrevious, ReadOnlySpan<T> cPrevious)
    {
        var size = dh.Length;
        var one = Vector<T>.One;
        for (var k = 0; k < size; k += Lanes<T>.Count)
        {
            var r = Lanes<T>.Load(cache[..size], k);
            var z = Lanes<T>.Load(cache.Slice(size, size), k);
            var n = Lanes<T>.Load(cache.Slice(2 * size, size), k);
            var hiddenN = Lanes<T>.Load(cache.Slice(3 * size, size), k);
            var dH = Lanes<T>.Load(dh, k);
            // h' = (1 − z)⊙n + z⊙h
            var dNPre = dH * (one - z) * (one - n * n);
            var dZPre = dH * (Lanes<T>.Load(hPrevious, k) - n) * z * (one - z);
            // n = tanh(… + r⊙(W_hn·h + b_hn))
            var dRPre = dNPre * hiddenN * r * (one - r);
            Lanes<T>.Store(dRPre, dInputGates[..size], k);
            Lanes<T>.Store(dZPre, dInputGates.Slice(size, size), k);
            Lanes<T>.Store(dNPre, dInputGates.Slice(2 * size, size), k);
            Lanes<T>.Store(dRPre, dHiddenGates[..size], k);
            Lanes<T>.Store(dZPre, dHiddenGates.Slice(size, size), k);
            Lanes<T>.Store(dNPre * r, dHiddenGates.Slice(2 * size, size), k);
            // The z⊙h term passes gradient to h_prev directly, beside the path through W_hh.
            Lanes<T>.Store(dH * z, dh, k);
        }
    }
}
