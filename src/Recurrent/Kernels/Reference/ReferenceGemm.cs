using System.Numerics;

namespace Recurrent.Kernels.Reference;

/// <summary>
/// The naive matrix product that <see cref="Gemm"/> is tested against: three loops, no blocking, no vectors.
/// C (M×N) = [C +] op(A) (M×K) · op(B) (K×N), row-major, op(X) = X or Xᵀ.
/// </summary>
public static class ReferenceGemm
{
    public static void Multiply<T>(
        bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = T.Zero;
                for (var p = 0; p < k; p++)
                {
                    var aValue = transposeA ? a[p * lda + i] : a[i * lda + p];
                    var bValue = transposeB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += aValue * bValue;
                }
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum;
            }
        }
    }
}
