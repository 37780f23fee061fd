using System.Numerics;
using Recurrent.Kernels.Reference;

namespace Recurrent.Kernels;

/// <summary>
/// General matrix product with the transposes backpropagation needs:
/// C (M×N) = [C +] op(A) (M×K) · op(B) (K×N), row-major with leading dimensions, op(X) = X or Xᵀ.
/// </summary>
public static class Gemm
{
    public static void Multiply<T>(
        bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ReferenceGemm.Multiply(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}
