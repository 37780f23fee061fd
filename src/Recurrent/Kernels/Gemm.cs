using System.Numerics;
using System.Runtime.Intrinsics;
using Recurrent.Kernels.Reference;

namespace Recurrent.Kernels;

/// <summary>
/// General matrix product with the transposes backpropagation needs:
/// C (M×N) = [C +] op(A) (M×K) · op(B) (K×N), row-major with leading dimensions, op(X) = X or Xᵀ.
/// </summary>
public static class Gemm
{
    /// <summary>
    /// Up to this many rows of C with Bᵀ stored, as in a recurrent step h·W_hhᵀ at small batch, transposing B into
    /// packed form costs more than the dot products save: measured crossover at K = 256, N = 1024 is 12 to 16 rows,
    /// and at K = 1024, N = 4096 the dot products are still well ahead at 12. Above it every element of C is summed
    /// in the same order whatever M is; at or below it, in another (fixed) order.
    /// </summary>
    internal const int FewRowsTransposedB = 12;

    /// <summary>
    /// Up to this many rows with B stored as is: packing B is then a cheap copy, and the packed kernel wins from
    /// 5 rows on (measured at K = 256, N = 1024).
    /// </summary>
    internal const int FewRowsB = 4;

    /// <summary>
    /// C (M×N) = op(A) · op(B), or C + op(A) · op(B) when <paramref name="accumulate"/> is set.
    /// </summary>
    /// <remarks>
    /// Element (i, j) of a row-major matrix X with leading dimension ldx is x[i·ldx + j]. A is stored M×K, or K×M when
    /// <paramref name="transposeA"/> is set; B is stored K×N, or N×K when <paramref name="transposeB"/> is set.
    /// Without <paramref name="accumulate"/> the previous contents of C are never read, so a NaN there does not leak
    /// in; with K = 0 that leaves C zero. With M or N = 0 nothing is done.
    /// <para>
    /// Determinism: every element of C is summed in the same order however the work is split, and threads
    /// (<see cref="KernelThreads.Count"/>) only ever share out disjoint parts of C, never a sum over K. The result is
    /// therefore bit-identical for any thread count on a given machine. float and double run vectorised at the widest
    /// width the hardware offers, with fused multiply-add where it exists; other types use
    /// <see cref="ReferenceGemm"/>.
    /// </para>
    /// </remarks>
    /// <param name="packedB">
    /// Optional cache of op(B) for a caller that multiplies by the same B many times (see <see cref="PackedOperand{T}"/>):
    /// an empty cache is filled from <paramref name="b"/>, a filled one is read instead of <paramref name="b"/>.
    /// </param>
    /// <exception cref="ArgumentException">A size or leading dimension is negative or too small, a span is too short,
    /// or <paramref name="packedB"/> holds a different shape of op(B).</exception>
    public static void Multiply<T>(
        bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        Span<T> c, int ldc, bool accumulate, PackedOperand<T>? packedB = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckMatrix("A", a.Length, transposeA ? k : m, transposeA ? m : k, lda, nameof(lda));
        CheckMatrix("B", b.Length, transposeB ? n : k, transposeB ? k : n, ldb, nameof(ldb));
        CheckMatrix("C", c.Length, m, n, ldc, nameof(ldc));
        if (m == 0 || n == 0)
            return;
        if (k == 0)
        {
            if (!accumulate)
            {
                for (var i = 0; i < m; i++)
                    c.Slice(i * ldc, n).Clear();
            }
            return;
        }
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            ReferenceGemm.Multiply(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
            return;
        }
        if (Vector512.IsHardwareAccelerated)
            GemmDriver<T, Vector512<T>, Vector512Ops<T>>.Multiply(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, packedB);
        else if (Vector256.IsHardwareAccelerated)
            GemmDriver<T, Vector256<T>, Vector256Ops<T>>.Multiply(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, packedB);
        else if (Vector128.IsHardwareAccelerated)
            GemmDriver<T, Vector128<T>, Vector128Ops<T>>.Multiply(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, packedB);
        else
            GemmDriver<T, T, ScalarOps<T>>.Multiply(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, packedB);
    }

    /// <summary>
    /// Fills <paramref name="packed"/> with op(B) (K×N) in the layout <see cref="Multiply{T}"/> reads, before any
    /// product: threads that share one B can then read one packed copy, which a product would otherwise fill on first use.
    /// Products with few rows of C (at most <see cref="FewRowsTransposedB"/> with Bᵀ stored, <see cref="FewRowsB"/>
    /// otherwise) and types other than float and double do not read it.
    /// </summary>
    public static void Pack<T>(bool transposeB, int k, int n, ReadOnlySpan<T> b, int ldb, PackedOperand<T> packed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        CheckMatrix("B", b.Length, transposeB ? n : k, transposeB ? k : n, ldb, nameof(ldb));
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            return;
        if (Vector512.IsHardwareAccelerated)
            GemmDriver<T, Vector512<T>, Vector512Ops<T>>.PackAll(transposeB, b, ldb, n, k, packed);
        else if (Vector256.IsHardwareAccelerated)
            GemmDriver<T, Vector256<T>, Vector256Ops<T>>.PackAll(transposeB, b, ldb, n, k, packed);
        else if (Vector128.IsHardwareAccelerated)
            GemmDriver<T, Vector128<T>, Vector128Ops<T>>.PackAll(transposeB, b, ldb, n, k, packed);
        else
            GemmDriver<T, T, ScalarOps<T>>.PackAll(transposeB, b, ldb, n, k, packed);
    }

    /// <summary>Checks that a rows×columns matrix with leading dimension ld fits in a span of the given length.</summary>
    private static void CheckMatrix(string matrix, int length, int rows, int columns, int ld, string ldName)
    {
        if (ld < columns)
            throw new ArgumentException($"Leading dimension {ldName} = {ld} of {matrix} is smaller than its row width {columns}.", ldName);
        var required = rows == 0 || columns == 0 ? 0 : (long)(rows - 1) * ld + columns;
        if (length < required)
            throw new ArgumentException($"{matrix} has {length} elements but a {rows}×{columns} matrix with leading dimension {ld} needs {required}.", matrix.ToLowerInvariant());
    }
}
