using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recurrent.Kernels;

internal static partial class GemmDriver<T, TVector, TOps>
{
    private static bool HasFewRows(int m, bool transposeB) => m <= (transposeB ? Gemm.FewRowsTransposedB : Gemm.FewRowsB);

    /// <summary>
    /// Fewest multiply-adds for which the dot products of a few-row product are shared out by column bands: the
    /// recurrent products of a streaming step (1 × 1024 × 256 is 2¹⁸) are above it, the output layer's 1 × 65 × 256
    /// below. Splitting needs a worker still spinning from the last job to pay (see <see cref="KernelThreads"/>).
    /// </summary>
    private const long FewRowsParallelThreshold = 1L << 16;

    /// <summary>Columns of C per tile of <see cref="DotProducts"/>; column bands are cut at multiples of it.</summary>
    private const int DotTileColumns = 4;

    [ThreadStatic]
    private static DotProductsJob? t_dotProducts;

    /// <summary>
    /// C = [C +] op(A)·op(B) for a few rows, without packing B. With Bᵀ stored, C[i, j] is the dot product of two
    /// contiguous rows, and large enough products are cut into column bands shared out across threads (each column's
    /// sum is formed the same way in any band, so the result does not change); with B stored, row i of C is
    /// Σ_p op(A)[i, p]·B[p, :], on the calling thread.
    /// </summary>
    private static void MultiplyFewRows(
        Job job, bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate)
    {
        if (transposeA)
        {
            // op(A)'s rows are columns of the stored K×M matrix: gather them into m contiguous rows (m·k values).
            Job.EnsureLength(ref job.PackedA, (long)m * k);
            var rows = job.PackedA.AsSpan(0, m * k);
            for (var p = 0; p < k; p++)
            {
                for (var i = 0; i < m; i++)
                    rows[i * k + p] = a[p * lda + i];
            }
            a = rows;
            lda = k;
        }
        ref var aStart = ref MemoryMarshal.GetReference(a);
        ref var bStart = ref MemoryMarshal.GetReference(b);
        ref var cStart = ref MemoryMarshal.GetReference(c);
        if (transposeB && KernelThreads.Count > 1 && (long)m * n * k >= FewRowsParallelThreshold)
            DotProductsInParallel(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
        else if (transposeB)
            DotProducts(m, n, k, ref aStart, lda, ref bStart, ldb, ref cStart, ldc, accumulate);
        else
            ScaledRowSums(m, n, k, ref aStart, lda, ref bStart, ldb, ref cStart, ldc, accumulate);
    }

    /// <summary><see cref="DotProducts"/> by column bands across <see cref="KernelThreads"/>, operands pinned for the call.</summary>
    private static unsafe void DotProductsInParallel(
        int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate)
    {
        var job = t_dotProducts ??= new DotProductsJob();
        fixed (T* aPointer = a, bPointer = b, cPointer = c)
        {
            var tiles = (n + DotTileColumns - 1) / DotTileColumns;
            var tasks = Math.Min(tiles, TasksPerThread * KernelThreads.Count);
            job.Prepare(new Operand(aPointer, a.Length, lda, false), new Operand(bPointer, b.Length, ldb, true),
                new Operand(cPointer, c.Length, ldc, false), m, n, k, accumulate, tasks);
            try
            {
                KernelThreads.Run(job, tasks);
            }
            finally
            {
                job.Release();
            }
        }
    }

    /// <summary>
    /// C[i, j] = [C[i, j] +] Σ_p A[i, p]·B[j, p], both rows contiguous. Tiles of 2 rows of A × 4 rows of B keep eight
    /// independent sums, enough to cover multiply-add latency; the four rows of B then stay in L1 for the next pair. An odd
    /// last row gets a tile of its own rather than being paired with itself: at one row (a streaming step) that halves
    /// the work, 33 → 37 GFLOP/s on one thread and 51 → 79 on two at 1 × 1024 × 256.
    /// </summary>
    private static void DotProducts(int m, int n, int k, ref T a, int lda, ref T b, int ldb, ref T c, int ldc, bool accumulate)
    {
        var count = TOps.Count;
        var j = 0;
        for (; j + 4 <= n; j += 4)
        {
            ref var b0 = ref Unsafe.Add(ref b, (nint)j * ldb);
            var i = 0;
            for (; i + 2 <= m; i += 2)
            {
                ref var a0 = ref Unsafe.Add(ref a, (nint)i * lda);
                DotTile(k, ref a0, ref Unsafe.Add(ref a0, lda), ref b0, ldb, ref Unsafe.Add(ref c, (nint)i * ldc + j), ldc, accumulate);
            }
            if (i < m)
                DotTileOneRow(k, ref Unsafe.Add(ref a, (nint)i * lda), ref b0, ldb, ref Unsafe.Add(ref c, (nint)i * ldc + j), accumulate);
        }
        for (; j < n; j++)
        {
            ref var bj = ref Unsafe.Add(ref b, (nint)j * ldb);
            for (var i = 0; i < m; i++)
            {
                ref var ai = ref Unsafe.Add(ref a, (nint)i * lda);
                var s = TOps.Zero;
                var p = 0;
                for (; p <= k - count; p += count)
                    s = TOps.MultiplyAdd(TOps.Load(in Unsafe.Add(ref ai, p)), TOps.Load(in Unsafe.Add(ref bj, p)), s);
                var d = TOps.Sum(s);
                for (; p < k; p++)
                    d = ScalarOps<T>.MultiplyAdd(Unsafe.Add(ref ai, p), Unsafe.Add(ref bj, p), d);
                Put(ref Unsafe.Add(ref c, (nint)i * ldc + j), d, accumulate);
            }
        }
    }

    /// <summary>The 2 × 4 tile of <see cref="DotProducts"/>: C[r, q] = [C[r, q] +] Σ_p a_r[p]·b_q[p], b_q at q·ldb.</summary>
    private static void DotTile(int k, ref T a0, ref T a1, ref T b0, int ldb, ref T c, int ldc, bool accumulate)
    {
        var count = TOps.Count;
        ref var b1 = ref Unsafe.Add(ref b0, ldb);
        ref var b2 = ref Unsafe.Add(ref b1, ldb);
        ref var b3 = ref Unsafe.Add(ref b2, ldb);
        TVector s00 = TOps.Zero, s01 = TOps.Zero, s02 = TOps.Zero, s03 = TOps.Zero;
        TVector s10 = TOps.Zero, s11 = TOps.Zero, s12 = TOps.Zero, s13 = TOps.Zero;
        var p = 0;
        for (; p <= k - count; p += count)
        {
            var x0 = TOps.Load(in Unsafe.Add(ref a0, p));
            var x1 = TOps.Load(in Unsafe.Add(ref a1, p));
            var y = TOps.Load(in Unsafe.Add(ref b0, p));
            s00 = TOps.MultiplyAdd(x0, y, s00);
            s10 = TOps.MultiplyAdd(x1, y, s10);
            y = TOps.Load(in Unsafe.Add(ref b1, p));
            s01 = TOps.MultiplyAdd(x0, y, s01);
            s11 = TOps.MultiplyAdd(x1, y, s11);
            y = TOps.Load(in Unsafe.Add(ref b2, p));
            s02 = TOps.MultiplyAdd(x0, y, s02);
            s12 = TOps.MultiplyAdd(x1, y, s12);
            y = TOps.Load(in Unsafe.Add(ref b3, p));
            s03 = TOps.MultiplyAdd(x0, y, s03);
            s13 = TOps.MultiplyAdd(x1, y, s13);
        }
        PutDot(k, p, ref a0, ref b0, ldb, ref c, TOps.Sum(s00), TOps.Sum(s01), TOps.Sum(s02), TOps.Sum(s03), accumulate);
        PutDot(k, p, ref a1, ref b0, ldb, ref Unsafe.Add(ref c, ldc), TOps.Sum(s10), TOps.Sum(s11), TOps.Sum(s12), TOps.Sum(s13), accumulate);
    }

    /// <summary>
    /// The 1 × 4 tile for an odd last row (the whole of a streaming step's product): each sum is formed exactly as in
    /// <see cref="DotTile"/>, without a second row's multiply-adds and reductions.
    /// </summary>
    private static void DotTileOneRow(int k, ref T a0, ref T b0, int ldb, ref T c, bool accumulate)
    {
        var count = TOps.Count;
        ref var b1 = ref Unsafe.Add(ref b0, ldb);
        ref var b2 = ref Unsafe.Add(ref b1, ldb);
        ref var b3 = ref Unsafe.Add(ref b2, ldb);
        TVector s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
        var p = 0;
        for (; p <= k - count; p += count)
        {
            var x = TOps.Load(in Unsafe.Add(ref a0, p));
            s0 = TOps.MultiplyAdd(x, TOps.Load(in Unsafe.Add(ref b0, p)), s0);
            s1 = TOps.MultiplyAdd(x, TOps.Load(in Unsafe.Add(ref b1, p)), s1);
            s2 = TOps.MultiplyAdd(x, TOps.Load(in Unsafe.Add(ref b2, p)), s2);
            s3 = TOps.MultiplyAdd(x, TOps.Load(in Unsafe.Add(ref b3, p)), s3);
        }
        PutDot(k, p, ref a0, ref b0, ldb, ref c, TOps.Sum(s0), TOps.Sum(s1), TOps.Sum(s2), TOps.Sum(s3), accumulate);
    }

    /// <summary>Adds the products left over past the last whole vector, p in [start, k), to four sums and stores them.</summary>
    private static void PutDot(int k, int start, ref T a, ref T b0, int ldb, ref T c, T d0, T d1, T d2, T d3, bool accumulate)
    {
        ref var b1 = ref Unsafe.Add(ref b0, ldb);
        ref var b2 = ref Unsafe.Add(ref b1, ldb);
        ref var b3 = ref Unsafe.Add(ref b2, ldb);
        for (var p = start; p < k; p++)
        {
            var x = Unsafe.Add(ref a, p);
            d0 = ScalarOps<T>.MultiplyAdd(x, Unsafe.Add(ref b0, p), d0);
            d1 = ScalarOps<T>.MultiplyAdd(x, Unsafe.Add(ref b1, p), d1);
            d2 = ScalarOps<T>.MultiplyAdd(x, Unsafe.Add(ref b2, p), d2);
            d3 = ScalarOps<T>.MultiplyAdd(x, Unsafe.Add(ref b3, p), d3);
        }
        Put(ref c, d0, accumulate);
        Put(ref Unsafe.Add(ref c, 1), d1, accumulate);
        Put(ref Unsafe.Add(ref c, 2), d2, accumulate);
        Put(ref Unsafe.Add(ref c, 3), d3, accumulate);
    }

    /// <summary>
    /// C[i, j..] = [C[i, j..] +] Σ_p A[i, p]·B[p, j..] for M ≤ <see cref="Gemm.FewRowsB"/> = 4. A single row goes four vectors
    /// wide for enough independent sums; two to four rows share each load of B, two vectors wide, so B (the large operand) is read once rather than
    /// once per row. Every element is summed from zero in ascending p either way.
    /// </summary>
    private static void ScaledRowSums(int m, int n, int k, ref T a, int lda, ref T b, int ldb, ref T c, int ldc, bool accumulate)
    {
        if (m == 1)
        {
            ScaledRowSumsByRow(m, n, k, ref a, lda, ref b, ldb, ref c, ldc, accumulate);
            return;
        }
        var count = TOps.Count;
        // Rows past M repeat the last row; their sums are computed but never stored.
        ref var a0 = ref a;
        ref var a1 = ref Unsafe.Add(ref a, (nint)Math.Min(1, m - 1) * lda);
        ref var a2 = ref Unsafe.Add(ref a, (nint)Math.Min(2, m - 1) * lda);
        ref var a3 = ref Unsafe.Add(ref a, (nint)Math.Min(3, m - 1) * lda);
        var j = 0;
        for (; j + 2 * count <= n; j += 2 * count)
        {
            TVector s00 = TOps.Zero, s01 = TOps.Zero, s10 = TOps.Zero, s11 = TOps.Zero;
            TVector s20 = TOps.Zero, s21 = TOps.Zero, s30 = TOps.Zero, s31 = TOps.Zero;
            for (var p = 0; p < k; p++)
            {
                ref var bp = ref Unsafe.Add(ref b, (nint)p * ldb + j);
                var y0 = TOps.Load(in bp);
                var y1 = TOps.Load(in Unsafe.Add(ref bp, count));
                var x = TOps.Broadcast(Unsafe.Add(ref a0, p));
                s00 = TOps.MultiplyAdd(x, y0, s00);
                s01 = TOps.MultiplyAdd(x, y1, s01);
                x = TOps.Broadcast(Unsafe.Add(ref a1, p));
                s10 = TOps.MultiplyAdd(x, y0, s10);
                s11 = TOps.MultiplyAdd(x, y1, s11);
                x = TOps.Broadcast(Unsafe.Add(ref a2, p));
                s20 = TOps.MultiplyAdd(x, y0, s20);
                s21 = TOps.MultiplyAdd(x, y1, s21);
                x = TOps.Broadcast(Unsafe.Add(ref a3, p));
                s30 = TOps.MultiplyAdd(x, y0, s30);
                s31 = TOps.MultiplyAdd(x, y1, s31);
            }
            ref var ci = ref Unsafe.Add(ref c, j);
            StoreRow(ref ci, s00, s01, accumulate);
            StoreRow(ref Unsafe.Add(ref ci, ldc), s10, s11, accumulate);
            if (m > 2)
                StoreRow(ref Unsafe.Add(ref ci, 2 * ldc), s20, s21, accumulate);
            if (m > 3)
                StoreRow(ref Unsafe.Add(ref ci, 3 * ldc), s30, s31, accumulate);
        }
        ScaledRowSumsByRow(m, n - j, k, ref a, lda, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, j), ldc, accumulate);
    }

    /// <summary>
    /// C[i, j..] = [C[i, j..] +] Σ_p A[i, p]·B[p, j..] one row at a time, four vectors of columns at a time, then one
    /// vector, then single columns; every element is summed from zero in ascending p, so the three widths round alike.
    /// </summary>
    private static void ScaledRowSumsByRow(int m, int n, int k, ref T a, int lda, ref T b, int ldb, ref T c, int ldc, bool accumulate)
    {
        var count = TOps.Count;
        var j = 0;
        for (; j + 4 * count <= n; j += 4 * count)
        {
            for (var i = 0; i < m; i++)
            {
                ref var ai = ref Unsafe.Add(ref a, (nint)i * lda);
                TVector s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
                for (var p = 0; p < k; p++)
                {
                    var x = TOps.Broadcast(Unsafe.Add(ref ai, p));
                    ref var bp = ref Unsafe.Add(ref b, (nint)p * ldb + j);
                    s0 = TOps.MultiplyAdd(x, TOps.Load(in bp), s0);
                    s1 = TOps.MultiplyAdd(x, TOps.Load(in Unsafe.Add(ref bp, count)), s1);
                    s2 = TOps.MultiplyAdd(x, TOps.Load(in Unsafe.Add(ref bp, 2 * count)), s2);
                    s3 = TOps.MultiplyAdd(x, TOps.Load(in Unsafe.Add(ref bp, 3 * count)), s3);
                }
                ref var ci = ref Unsafe.Add(ref c, (nint)i * ldc + j);
                StoreRow(ref ci, s0, s1, accumulate);
                StoreRow(ref Unsafe.Add(ref ci, 2 * count), s2, s3, accumulate);
            }
        }
        for (; j + count <= n; j += count)
        {
            for (var i = 0; i < m; i++)
            {
                ref var ai = ref Unsafe.Add(ref a, (nint)i * lda);
                var s = TOps.Zero;
                for (var p = 0; p < k; p++)
                    s = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref ai, p)), TOps.Load(in Unsafe.Add(ref b, (nint)p * ldb + j)), s);
                ref var ci = ref Unsafe.Add(ref c, (nint)i * ldc + j);
                TOps.Store(accumulate ? TOps.Add(TOps.Load(in ci), s) : s, ref ci);
            }
        }
        for (; j < n; j++)
        {
            for (var i = 0; i < m; i++)
            {
                ref var ai = ref Unsafe.Add(ref a, (nint)i * lda);
                var d = T.Zero;
                for (var p = 0; p < k; p++)
                    d = ScalarOps<T>.MultiplyAdd(Unsafe.Add(ref ai, p), Unsafe.Add(ref b, (nint)p * ldb + j), d);
                Put(ref Unsafe.Add(ref c, (nint)i * ldc + j), d, accumulate);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(ref T target, T sum, bool accumulate) => target = accumulate ? target + sum : sum;

    /// <summary>One few-row product with Bᵀ stored, cut into column bands of whole tiles: task t computes band t.</summary>
    private sealed class DotProductsJob : KernelJob
    {
        private Operand _a, _b, _c;
        private int _m, _n, _k, _tasks;
        private bool _accumulate;

        public void Prepare(Operand a, Operand b, Operand c, int m, int n, int k, bool accumulate, int tasks) =>
            (_a, _b, _c, _m, _n, _k, _accumulate, _tasks) = (a, b, c, m, n, k, accumulate, tasks);

        /// <summary>Forgets the operands' addresses, which are valid only while the product runs.</summary>
        public void Release() => (_a, _b, _c) = (default, default, default);

        public override void Execute(int task)
        {
            var (first, end) = Band(_n, DotTileColumns, task, _tasks);
            if (first >= end)
                return;
            DotProducts(_m, end - first, _k, ref _a.Start, _a.LeadingDimension,
                ref Unsafe.Add(ref _b.Start, (nint)first * _b.LeadingDimension), _b.LeadingDimension,
                ref Unsafe.Add(ref _c.Start, first), _c.LeadingDimension, _accumulate);
        }
    }
}
