using Recurrent.Kernels;

namespace Recurrent.Tests.Kernels;

/// <summary>Tests that change the process-wide <see cref="KernelThreads.Count"/> run here, one at a time.</summary>
[CollectionDefinition("KernelThreads", DisableParallelization = true)]
public class KernelThreadsCollection;

[Trait("Category", "Kernels")]
[Collection("KernelThreads")]
public class KernelThreadsTests
{
    [Fact]
    public void Count_BelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelThreads.Count = 0);
        Assert.True(KernelThreads.Count >= 1);
    }

    // Every shape is above the driver's parallel threshold (2²⁴ multiply-adds), so the split is really exercised.
    [Theory]
    [InlineData(false, false, 301, 517, 600)]
    [InlineData(false, true, 40, 2000, 300)]
    [InlineData(true, false, 700, 90, 513)]
    [InlineData(true, true, 260, 260, 260)]
    public void Gemm_IsBitIdentical_ForOneTwoAndThreeThreads(bool transposeA, bool transposeB, int m, int n, int k)
    {
        var (a, lda) = GemmTests.RandomMatrix<float>(transposeA ? k : m, transposeA ? m : k, padding: 1, seed: 11);
        var (b, ldb) = GemmTests.RandomMatrix<float>(transposeB ? n : k, transposeB ? k : n, padding: 2, seed: 12);
        var (initial, ldc) = GemmTests.RandomMatrix<float>(m, n, padding: 3, seed: 13);
        var saved = KernelThreads.Count;
        try
        {
            float[] Run(int threads, bool accumulate)
            {
                KernelThreads.Count = threads;
                var c = (float[])initial.Clone();
                Gemm.Multiply<float>(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
                return c;
            }
            foreach (var accumulate in new[] { false, true })
            {
                var single = Run(1, accumulate);
                Assert.Equal(single, Run(2, accumulate));
                Assert.Equal(single, Run(3, accumulate));
            }
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }
}
