using System.Collections.Concurrent;
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

    // Every shape is above one of the driver's parallel thresholds, so the split is really exercised.
    [Theory]
    [InlineData(false, false, 301, 517, 600)]
    [InlineData(false, true, 40, 2000, 300)]
    [InlineData(true, false, 700, 90, 513)]
    [InlineData(true, true, 260, 260, 260)]
    // Few rows with Bᵀ stored (the streaming step's products) above 2¹⁶ multiply-adds are split by column bands.
    [InlineData(false, true, 1, 1024, 256)]
    [InlineData(true, true, 3, 1030, 70)]
    [InlineData(false, true, 12, 97, 700)]
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

    // Jobs back to back (workers still spinning) and after pauses longer than the 100 µs spin (workers asleep):
    // every task runs exactly once, whoever takes it, including when a worker joins late or is struck off.
    [Theory]
    [InlineData(2, 0)]
    [InlineData(3, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    public void Jobs_RunEveryTaskExactlyOnce_WhetherWorkersSpinOrSleep(int threads, int pauseMilliseconds)
    {
        var saved = KernelThreads.Count;
        try
        {
            KernelThreads.Count = threads;
            var job = new CountingJob(tasks: 5);
            var rounds = pauseMilliseconds == 0 ? 20_000 : 50;
            for (var round = 0; round < rounds; round++)
            {
                job.Reset();
                KernelThreads.Run(job, job.Runs.Length);
                Assert.All(job.Runs, runs => Assert.Equal(1, runs));
                if (pauseMilliseconds > 0)
                    Thread.Sleep(pauseMilliseconds);
            }
            // Back to back, a spinning worker joins some of the 20,000 jobs: the split is really exercised.
            if (pauseMilliseconds == 0)
                Assert.True(job.Threads.Count > 1, "No worker ever took a task.");
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    /// <summary>Counts how often each task runs, and notes the threads that ran any.</summary>
    private sealed class CountingJob(int tasks) : KernelJob
    {
        public int[] Runs { get; } = new int[tasks];

        public ConcurrentDictionary<int, bool> Threads { get; } = new();

        public void Reset() => Array.Clear(Runs);

        public override void Execute(int task)
        {
            // About a microsecond of work, as in the smallest shared products, so that a spinning worker can join.
            Thread.SpinWait(30);
            Interlocked.Increment(ref Runs[task]);
            Threads.TryAdd(Environment.CurrentManagedThreadId, true);
        }
    }
}
