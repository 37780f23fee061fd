using System.Numerics;
using Recurrent.Kernels;

namespace Recurrent.Tests.Kernels;

/// <summary>Gemm.Multiply with a <see cref="PackedOperand{T}"/>: same bits as without, reuse, clearing, misuse.</summary>
[Trait("Category", "Kernels")]
public class PackedOperandTests
{
    public static TheoryData<bool, bool> Transposes => GemmTests.Transposes;

    [Theory]
    [MemberData(nameof(Transposes))]
    public void CachedProducts_AreBitIdenticalToUncached_ForEveryRemainder(bool transposeA, bool transposeB)
    {
        // Rows from the few-row paths up past the packed kernel's 6-row tile, columns and depth across vector widths
        // and across the 256-deep K chunks.
        foreach (var (m, n, k) in new[] { (1, 40, 30), (5, 33, 7), (13, 97, 300), (32, 1024, 256), (64, 65, 513), (19, 7, 1) })
        {
            CheckCachedMatchesUncached<float>(transposeA, transposeB, m, n, k, seed: m + n + k);
            CheckCachedMatchesUncached<double>(transposeA, transposeB, m, n, k, seed: m * n + k);
        }
    }

    [Fact]
    public void FilledCache_IsReadInsteadOfB_UntilCleared()
    {
        const int m = 32, n = 70, k = 40;
        var (a, lda) = GemmTests.RandomMatrix<float>(m, k, 0, seed: 1);
        var (b, ldb) = GemmTests.RandomMatrix<float>(n, k, 0, seed: 2);
        var packed = new PackedOperand<float>();
        var first = new float[m * n];
        Gemm.Multiply<float>(false, true, m, n, k, a, lda, b, ldb, first, n, accumulate: false, packed);

        // B changes but the cache was not cleared: the product still uses the B that was packed.
        var changed = b.Select(x => -x).ToArray();
        var stale = new float[m * n];
        Gemm.Multiply<float>(false, true, m, n, k, a, lda, changed, ldb, stale, n, accumulate: false, packed);
        Assert.Equal(first, stale);

        packed.Clear();
        var fresh = new float[m * n];
        Gemm.Multiply<float>(false, true, m, n, k, a, lda, changed, ldb, fresh, n, accumulate: false, packed);
        Assert.Equal(first.Select(x => -x), fresh);
    }

    [Fact]
    public void FilledCache_RejectsAProductOfAnotherShape()
    {
        var packed = new PackedOperand<float>();
        var (a, _) = GemmTests.RandomMatrix<float>(32, 40, 0, seed: 1);
        var (b, _) = GemmTests.RandomMatrix<float>(70, 40, 0, seed: 2);
        Gemm.Multiply<float>(false, true, 32, 70, 40, a, 40, b, 40, new float[32 * 70], 70, accumulate: false, packed);

        var wrongDepth = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply<float>(false, true, 32, 70, 20, a, 40, b, 40, new float[32 * 70], 70, accumulate: false, packed));
        Assert.Contains("clear the cache", wrongDepth.Message);
        Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply<float>(false, false, 32, 70, 40, a, 40, b, 70, new float[32 * 70], 70, accumulate: false, packed));
    }

    // Large enough to be split across threads: by rows (every task reads the whole cache), and by columns (each task
    // reads its own columns of the cache while all tasks share the packing of A).
    [Theory]
    [InlineData(300, 260, 260)]
    [InlineData(40, 2000, 300)]
    public void CachedProducts_AreTheSameForAnyThreadCount(int m, int n, int k)
    {
        // The cache is filled on one thread count and read on the other, and both match the uncached product.
        var (a, lda) = GemmTests.RandomMatrix<float>(m, k, 0, seed: 5);
        var (b, ldb) = GemmTests.RandomMatrix<float>(n, k, 0, seed: 6);
        var packed = new PackedOperand<float>();
        var saved = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 1;
            var one = new float[m * n];
            Gemm.Multiply<float>(false, true, m, n, k, a, lda, b, ldb, one, n, accumulate: false, packed);
            KernelThreads.Count = 2;
            var two = new float[m * n];
            Gemm.Multiply<float>(false, true, m, n, k, a, lda, b, ldb, two, n, accumulate: false, packed);
            Assert.Equal(one, two);
            var uncached = new float[m * n];
            Gemm.Multiply<float>(false, true, m, n, k, a, lda, b, ldb, uncached, n, accumulate: false);
            Assert.Equal(uncached, two);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    /// <summary>Two products through one cache (the first fills it, the second reads it) against the plain product.</summary>
    private static void CheckCachedMatchesUncached<T>(bool transposeA, bool transposeB, int m, int n, int k, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, lda) = GemmTests.RandomMatrix<T>(transposeA ? k : m, transposeA ? m : k, padding: 1, seed);
        var (b, ldb) = GemmTests.RandomMatrix<T>(transposeB ? n : k, transposeB ? k : n, padding: 2, seed + 1);
        var (expected, ldc) = GemmTests.RandomMatrix<T>(m, n, padding: 3, seed + 2);
        var filling = (T[])expected.Clone();
        var reading = (T[])expected.Clone();
        Gemm.Multiply<T>(transposeA, transposeB, m, n, k, a, lda, b, ldb, expected, ldc, accumulate: true);
        var packed = new PackedOperand<T>();
        Gemm.Multiply<T>(transposeA, transposeB, m, n, k, a, lda, b, ldb, filling, ldc, accumulate: true, packed);
        Gemm.Multiply<T>(transposeA, transposeB, m, n, k, a, lda, b, ldb, reading, ldc, accumulate: true, packed);
        Assert.Equal(expected, filling);
        Assert.Equal(expected, reading);
    }
}
