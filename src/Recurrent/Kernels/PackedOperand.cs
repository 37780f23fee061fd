using System.Numerics;

namespace Recurrent.Kernels;

/// <summary>
/// A cache of op(B) in the packed layout <see cref="Gemm.Multiply{T}"/> computes from, for a caller that multiplies by
/// the same B many times: a recurrent layer multiplies by W_hh once per time step, and packing W_hh (a transposed
/// copy of G·H values) would otherwise cost about as much as the step's product itself.
/// </summary>
/// <remarks>
/// The first product given an empty cache packs op(B) into it; later products read the packed copy and not B, so
/// the caller must <see cref="Clear"/> the cache whenever B changes (a recurrent layer clears it on every forward
/// and backward pass, since the optimizer moves the weights in between). Results are bit-identical to products
/// without the cache: the packed values and the order of every sum are the same. Products with few rows of C do not
/// pack B at all and ignore the cache.
/// </remarks>
public sealed class PackedOperand<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal T[] Data = [];

    /// <summary>Whether <see cref="Data"/> holds op(B) for the shape below.</summary>
    internal bool IsPacked { get; private set; }

    internal bool Transposed { get; private set; }

    internal int K { get; private set; }

    internal int N { get; private set; }

    /// <summary>Forgets the packed copy, so that the next product packs B afresh.</summary>
    public void Clear() => IsPacked = false;

    internal void MarkPacked(bool transposed, int k, int n) => (IsPacked, Transposed, K, N) = (true, transposed, k, n);

    /// <summary>Throws when a product asks for a different op(B) than the one packed, which would read stale values.</summary>
    internal void CheckMatches(bool transposed, int k, int n)
    {
        if (transposed != Transposed || k != K || n != N)
            throw new ArgumentException(
                $"The packed operand holds a {K}×{N} op(B) (transposed: {Transposed}) but the product asks for {k}×{n} " +
                $"(transposed: {transposed}); clear the cache when B changes.", "packedB");
    }
}
