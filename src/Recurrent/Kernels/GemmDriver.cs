using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Kernels;

/// <summary>
/// The blocked matrix product behind <see cref="Gemm.Multiply{T}"/> for one vector width:
/// C (M×N) = [C +] op(A) (M×K) · op(B) (K×N).
/// </summary>
/// <remarks>
/// op(A) is packed into slivers of <see cref="Mr"/> rows and op(B) into slivers of <see cref="Nr"/> columns, both
/// zero-padded, so that the four transpose combinations all feed one register-blocked micro-kernel
/// that keeps an Mr × Nr tile of C in vector registers. K is cut into chunks of <see cref="Kc"/> so that a sliver of B
/// stays in L1 and a block of <see cref="Mc"/> rows of A stays in L2 while they are reused.
/// <para>
/// Every element of C is computed the same way whatever the tiling: for each K chunk in order, the products are
/// accumulated from zero with one multiply-add per p in ascending order, and the chunk sum is then stored (first chunk,
/// not accumulating) or added to C. Threads are given disjoint tiles of C, so the result is bit-identical for any
/// thread count. Products with only a few rows take an unpacked path instead (see <c>MultiplyFewRows</c>); the choice
/// depends on the shape alone and that path runs on the calling thread, so it is just as deterministic.
/// </para>
/// <para>
/// Spans cannot be handed to other threads, so in parallel the calling thread packs both operands, K chunk by K chunk
/// while the workers start on the chunks already published, and copies the workers' tiles of C back at the end.
/// </para>
/// </remarks>
internal static partial class GemmDriver<T, TVector, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TVector : struct
    where TOps : struct, IVectorOps<T, TVector>
{
    /// <summary>
    /// Whether the register tile has 8 rows: 512-bit vectors come with 32 vector registers, room for 8 × 2
    /// accumulators beside the two B vectors and a broadcast. The recurrent step's products have a batch (or a thread's
    /// share of it) of 16 or 32 rows, which 8-row slivers cover exactly where 6-row ones leave a partial edge tile.
    /// </summary>
    private static bool EightRows => typeof(TVector) == typeof(Vector512<T>);

    /// <summary>Rows of the register tile: 8 with <see cref="EightRows"/>; else 6 rows × 2 vectors, 12 accumulators,
    /// enough independent multiply-adds to hide FMA latency on two ports while leaving registers for the B vectors
    /// even with only 16 of them.</summary>
    private static int Mr => EightRows ? 8 : 6;

    /// <summary>K chunk: a 256 × 2-vector sliver of B is 32 KiB in float, which stays in a 48 KiB L1.</summary>
    private const int Kc = 256;

    /// <summary>Rows of A per L2 block: 192 × 256 floats is 192 KiB, well inside a 1 MiB L2 next to the B panel; a
    /// multiple of both tile heights.</summary>
    private const int Mc = 192;

    /// <summary>
    /// Below about 16 million multiply-adds the split costs more than it saves: the caller packs alone and copies
    /// the workers' tiles back. Measured on the 2-core machine: at 2²¹ the recurrent step of an LSTM with H = 256 and
    /// B = 32 (8.4 M multiply-adds, 128 calls a batch) went parallel and two threads trained slower than one (7,144
    /// against 8,526 tokens/s); at 2²⁴ that step stays on one thread and two threads train at 8,300–8,800.
    /// </summary>
    private const long ParallelThreshold = 1L << 24;

    /// <summary>Tasks per thread: a few, so a thread slowed by other load is covered by the rest.</summary>
    private const int TasksPerThread = 4;

    private static int Nr => 2 * TOps.Count;

    [ThreadStatic]
    private static Job? t_job;

    /// <summary>C = [C +] op(A)·op(B) for arguments already checked by <see cref="Gemm.Multiply{T}"/>, with M, N, K &gt; 0.</summary>
    public static void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        Span<T> c, int ldc, bool accumulate, PackedOperand<T>? packedB)
    {
        var job = t_job ??= new Job();
        if (HasFewRows(m, transposeB))
        {
            MultiplyFewRows(job, transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
            return;
        }
        if (packedB is not null)
        {
            if (packedB.IsPacked)
                packedB.CheckMatches(transposeB, k, n);
            else
                PackAll(transposeB, b, ldb, n, k, packedB);
        }
        job.Prepare(transposeA, m, n, k, accumulate, packedB?.Data);
        ref var cStart = ref MemoryMarshal.GetReference(c);
        var tasks = job.TasksM * job.TasksN;
        if (tasks == 1 || !KernelThreads.TryBegin(job, tasks))
        {
            for (var pc = 0; pc < k; pc += Kc)
                PackChunk(transposeA, transposeB, m, n, k, a, lda, b, ldb, job, pc);
            job.PublishChunks(int.MaxValue);
            for (var task = 0; task < tasks; task++)
                job.Compute(task, ref cStart, ldc);
            return;
        }
        // Workers cannot hold a span: they read the packed copies and write their tiles to an array that is copied
        // into C here. The caller packs K chunk by chunk, and workers start on a chunk as soon as it is published.
        try
        {
            if (accumulate)
                CopyRows(c, ldc, job.Scratch, n, m, n);
            for (var pc = 0; pc < k; pc += Kc)
            {
                PackChunk(transposeA, transposeB, m, n, k, a, lda, b, ldb, job, pc);
                job.PublishChunks(pc / Kc + 1);
            }
            while (KernelThreads.TryTakeTask(out var task))
            {
                job.Compute(task, ref cStart, ldc);
                job.DoneByCaller[task] = true;
            }
        }
        finally
        {
            // Should packing ever fail, release the workers rather than leave them waiting for a chunk.
            job.PublishChunks(int.MaxValue);
            KernelThreads.End();
        }
        for (var task = 0; task < tasks; task++)
        {
            if (job.DoneByCaller[task])
                continue;
            var (i0, i1, j0, j1) = job.Bounds(task);
            for (var i = i0; i < i1; i++)
                job.Scratch.AsSpan(i * n + j0, j1 - j0).CopyTo(c.Slice(i * ldc + j0, j1 - j0));
        }
    }

    /// <summary>Packs chunk pc of op(A), and of op(B) unless the job reads a <see cref="PackedOperand{T}"/>.</summary>
    private static void PackChunk(
        bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Job job, int pc)
    {
        var kc = Math.Min(Kc, k - pc);
        PackA(transposeA, a, lda, m, pc, kc, job.PackedA.AsSpan(pc * RoundUp(m, Mr)));
        if (!job.ReadsPackedOperand)
            PackB(transposeB, b, ldb, n, pc, kc, job.PackedB.AsSpan(pc * RoundUp(n, Nr)));
    }

    /// <summary>Fills a <see cref="PackedOperand{T}"/> with every K chunk of op(B), in the layout of <see cref="PackB"/>.</summary>
    internal static void PackAll(bool transposeB, ReadOnlySpan<T> b, int ldb, int n, int k, PackedOperand<T> packed)
    {
        var nPadded = RoundUp(n, Nr);
        Job.EnsureLength(ref packed.Data, (long)nPadded * k);
        for (var pc = 0; pc < k; pc += Kc)
            PackB(transposeB, b, ldb, n, pc, Math.Min(Kc, k - pc), packed.Data.AsSpan(pc * nPadded));
        packed.MarkPacked(transposeB, k, n);
    }

    private static void CopyRows(ReadOnlySpan<T> source, int sourceStride, Span<T> destination, int destinationStride, int rows, int columns)
    {
        for (var i = 0; i < rows; i++)
            source.Slice(i * sourceStride, columns).CopyTo(destination.Slice(i * destinationStride, columns));
    }

    /// <summary>
    /// Packs the K chunk [pc, pc+kc) of op(A), M̃ = M rounded up to Mr rows in all, zero rows below row M. Chunk pc
    /// starts at pc·M̃ of the buffer and its sliver of rows [i, i+Mr) at i·kc. The micro-kernel broadcasts A one value
    /// at a time, so either order within a sliver serves it, and each operand gets the one it can copy in runs:
    /// op(A)[i+r, pc+p] sits at r·kc + p when A is stored M×K (whole row segments copied) and at p·Mr + r when A is
    /// stored K×M (runs of Mr neighbours copied). See <see cref="ASliverStrides"/>.
    /// </summary>
    private static void PackA(bool transposeA, ReadOnlySpan<T> a, int lda, int m, int pc, int kc, Span<T> packed)
    {
        var mPadded = RoundUp(m, Mr);
        if (transposeA)
        {
            // op(A) row i is column i of the stored K×M matrix. Walk each stored row once, left to right, dealing runs
            // of Mr values out to the slivers: reading down a column instead would touch a new cache line per value.
            if (m < mPadded)
                packed.Slice((mPadded - Mr) * kc, kc * Mr).Clear();
            ref var source = ref MemoryMarshal.GetReference(a);
            ref var target = ref MemoryMarshal.GetReference(packed);
            for (var p = 0; p < kc; p++)
            {
                ref var from = ref Unsafe.Add(ref source, (nint)(pc + p) * lda);
                for (var ir = 0; ir < mPadded; ir += Mr)
                {
                    ref var to = ref Unsafe.Add(ref target, (nint)ir * kc + p * Mr);
                    var rows = Math.Min(Mr, m - ir);
                    for (var r = 0; r < rows; r++)
                        Unsafe.Add(ref to, r) = Unsafe.Add(ref from, ir + r);
                }
            }
        }
        else
        {
            for (var ir = 0; ir < mPadded; ir += Mr)
            {
                var sliver = packed.Slice(ir * kc, kc * Mr);
                var rows = Math.Min(Mr, m - ir);
                for (var r = 0; r < rows; r++)
                    a.Slice((ir + r) * lda + pc, kc).CopyTo(sliver.Slice(r * kc, kc));
                sliver[(rows * kc)..].Clear();
            }
        }
    }

    /// <summary>Distance in a packed A sliver between rows and between steps of p, for the layout <see cref="PackA"/> chose.</summary>
    private static (nint Row, nint Step) ASliverStrides(bool transposeA, int kc) => transposeA ? (1, Mr) : (kc, 1);

    /// <summary>
    /// Packs the K chunk [pc, pc+kc) of op(B), Ñ = N rounded up to Nr columns in all: the sliver of columns [j, j+Nr)
    /// starts at j·kc and holds op(B)[pc+p, j+q] at p·Nr + q, with zeros right of column N. Chunk pc starts at pc·Ñ.
    /// </summary>
    private static void PackB(bool transposeB, ReadOnlySpan<T> b, int ldb, int n, int pc, int kc, Span<T> packed)
    {
        var nr = Nr;
        var nPadded = RoundUp(n, nr);
        ref var source = ref MemoryMarshal.GetReference(b);
        for (var jr = 0; jr < nPadded; jr += nr)
        {
            var sliver = packed.Slice(jr * kc, kc * nr);
            ref var target = ref MemoryMarshal.GetReference(sliver);
            var columns = Math.Min(nr, n - jr);
            if (columns < nr)
                sliver.Clear();
            if (transposeB)
                PackTransposedSliver(ref Unsafe.Add(ref source, (nint)jr * ldb + pc), ldb, kc, columns, ref target);
            else if (columns == nr)
            {
                for (var p = 0; p < kc; p++)
                {
                    ref var from = ref Unsafe.Add(ref source, (nint)(pc + p) * ldb + jr);
                    ref var to = ref Unsafe.Add(ref target, p * nr);
                    TOps.Store(TOps.Load(in from), ref to);
                    TOps.Store(TOps.Load(in Unsafe.Add(ref from, TOps.Count)), ref Unsafe.Add(ref to, TOps.Count));
                }
            }
            else
            {
                for (var p = 0; p < kc; p++)
                    b.Slice((pc + p) * ldb + jr, columns).CopyTo(sliver.Slice(p * nr, columns));
            }
        }
    }

    /// <summary>
    /// Packs one sliver of op(B) = Bᵀ: column q of the sliver is row q of the stored matrix. Four rows are read side by
    /// side so that every p writes four neighbouring values instead of one value per cache line.
    /// </summary>
    private static void PackTransposedSliver(ref T rows, int ldb, int kc, int columns, ref T target)
    {
        var nr = Nr;
        var q = 0;
        for (; q + 4 <= columns; q += 4)
        {
            ref var row0 = ref Unsafe.Add(ref rows, (nint)q * ldb);
            ref var row1 = ref Unsafe.Add(ref row0, ldb);
            ref var row2 = ref Unsafe.Add(ref row1, ldb);
            ref var row3 = ref Unsafe.Add(ref row2, ldb);
            for (var p = 0; p < kc; p++)
            {
                ref var to = ref Unsafe.Add(ref target, p * nr + q);
                to = Unsafe.Add(ref row0, p);
                Unsafe.Add(ref to, 1) = Unsafe.Add(ref row1, p);
                Unsafe.Add(ref to, 2) = Unsafe.Add(ref row2, p);
                Unsafe.Add(ref to, 3) = Unsafe.Add(ref row3, p);
            }
        }
        for (; q < columns; q++)
        {
            ref var row = ref Unsafe.Add(ref rows, (nint)q * ldb);
            for (var p = 0; p < kc; p++)
                Unsafe.Add(ref target, p * nr + q) = Unsafe.Add(ref row, p);
        }
    }

    /// <summary>
    /// C[0..Mr, 0..Nr] = [C +] Σ_p a[r·rowStride + p·step] · b[p·Nr + q] over p in [0, kc), with the tile held in
    /// Mr × 2 vector registers and the sum taken in ascending p. Rows 6 and 7 exist only with <see cref="EightRows"/>,
    /// a constant for each vector type, so the JIT drops them and their accumulators from the 6-row kernel.
    /// </summary>
    private static void MicroKernel(int kc, ref T a, nint rowStride, nint step, ref T b, ref T c, nint ldc, bool accumulate)
    {
        var count = TOps.Count;
        nint row1 = rowStride, row2 = 2 * rowStride, row3 = 3 * rowStride, row4 = 4 * rowStride, row5 = 5 * rowStride;
        nint row6 = 6 * rowStride, row7 = 7 * rowStride;
        TVector c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero;
        TVector c30 = TOps.Zero, c31 = TOps.Zero, c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero;
        TVector c60 = TOps.Zero, c61 = TOps.Zero, c70 = TOps.Zero, c71 = TOps.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = TOps.Load(in b);
            var b1 = TOps.Load(in Unsafe.Add(ref b, count));
            var a0 = TOps.Broadcast(a);
            c00 = TOps.MultiplyAdd(a0, b0, c00);
            c01 = TOps.MultiplyAdd(a0, b1, c01);
            var a1 = TOps.Broadcast(Unsafe.Add(ref a, row1));
            c10 = TOps.MultiplyAdd(a1, b0, c10);
            c11 = TOps.MultiplyAdd(a1, b1, c11);
            var a2 = TOps.Broadcast(Unsafe.Add(ref a, row2));
            c20 = TOps.MultiplyAdd(a2, b0, c20);
            c21 = TOps.MultiplyAdd(a2, b1, c21);
            var a3 = TOps.Broadcast(Unsafe.Add(ref a, row3));
            c30 = TOps.MultiplyAdd(a3, b0, c30);
            c31 = TOps.MultiplyAdd(a3, b1, c31);
            var a4 = TOps.Broadcast(Unsafe.Add(ref a, row4));
            c40 = TOps.MultiplyAdd(a4, b0, c40);
            c41 = TOps.MultiplyAdd(a4, b1, c41);
            var a5 = TOps.Broadcast(Unsafe.Add(ref a, row5));
            c50 = TOps.MultiplyAdd(a5, b0, c50);
            c51 = TOps.MultiplyAdd(a5, b1, c51);
            if (EightRows)
            {
                var a6 = TOps.Broadcast(Unsafe.Add(ref a, row6));
                c60 = TOps.MultiplyAdd(a6, b0, c60);
                c61 = TOps.MultiplyAdd(a6, b1, c61);
                var a7 = TOps.Broadcast(Unsafe.Add(ref a, row7));
                c70 = TOps.MultiplyAdd(a7, b0, c70);
                c71 = TOps.MultiplyAdd(a7, b1, c71);
            }
            a = ref Unsafe.Add(ref a, step);
            b = ref Unsafe.Add(ref b, 2 * count);
        }
        StoreRow(ref c, c00, c01, accumulate);
        StoreRow(ref Unsafe.Add(ref c, ldc), c10, c11, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, accumulate);
        if (EightRows)
        {
            StoreRow(ref Unsafe.Add(ref c, 6 * ldc), c60, c61, accumulate);
            StoreRow(ref Unsafe.Add(ref c, 7 * ldc), c70, c71, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(ref T c, TVector left, TVector right, bool accumulate)
    {
        ref var cRight = ref Unsafe.Add(ref c, TOps.Count);
        if (accumulate)
        {
            left = TOps.Add(TOps.Load(in c), left);
            right = TOps.Add(TOps.Load(in cRight), right);
        }
        TOps.Store(left, ref c);
        TOps.Store(right, ref cRight);
    }

    /// <summary>A tile cut by the edge of C: computed whole into a local tile, then only its valid part is stored.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EdgeTile(
        int kc, ref T a, nint rowStride, nint step, ref T b, ref T c, int ldc, int rows, int columns, bool accumulate)
    {
        var nr = Nr;
        Span<T> tile = stackalloc T[Mr * nr];
        MicroKernel(kc, ref a, rowStride, step, ref b, ref MemoryMarshal.GetReference(tile), nr, accumulate: false);
        for (var r = 0; r < rows; r++)
        {
            for (var q = 0; q < columns; q++)
            {
                ref var target = ref Unsafe.Add(ref c, r * ldc + q);
                var sum = tile[r * nr + q];
                target = accumulate ? target + sum : sum;
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>
    /// One call's packed operands and tiling, kept per calling thread so that a warmed-up call allocates nothing.
    /// Task t computes the tile in row band t / TasksN and column band t % TasksN.
    /// </summary>
    private sealed class Job : KernelJob
    {
        public T[] PackedA = [];
        public T[] PackedB = [];
        /// <summary>The packed op(B) this call reads: <see cref="PackedB"/>, or a caller's <see cref="PackedOperand{T}"/>.</summary>
        private T[] _b = [];
        public T[] Scratch = [];
        public bool[] DoneByCaller = [];
        public int TasksM;
        public int TasksN;
        private int _m, _n, _k;
        private bool _accumulate;
        private bool _transposeA;
        private int _publishedChunks;

        public bool ReadsPackedOperand { get; private set; }

        /// <param name="packedOperand">op(B) already packed by the caller, or null to pack it into <see cref="PackedB"/></param>
        public void Prepare(bool transposeA, int m, int n, int k, bool accumulate, T[]? packedOperand)
        {
            (_transposeA, _m, _n, _k, _accumulate) = (transposeA, m, n, k, accumulate);
            _publishedChunks = 0;
            var nr = Nr;
            EnsureLength(ref PackedA, (long)RoundUp(m, Mr) * k);
            ReadsPackedOperand = packedOperand is not null;
            if (packedOperand is null)
                EnsureLength(ref PackedB, (long)RoundUp(n, nr) * k);
            _b = packedOperand ?? PackedB;
            (TasksM, TasksN) = (1, 1);
            var threads = KernelThreads.Count;
            if (threads == 1 || (long)m * n * k < ParallelThreshold)
                return;
            // Cut the longer side of C into bands of whole slivers: each band reads only its share of one operand.
            var target = TasksPerThread * threads;
            var rowSlivers = (m + Mr - 1) / Mr;
            var columnSlivers = (n + nr - 1) / nr;
            var splitRows = rowSlivers >= target ? m >= n || columnSlivers < target : rowSlivers > columnSlivers;
            if (splitRows)
                TasksM = Math.Min(rowSlivers, target);
            else
                TasksN = Math.Min(columnSlivers, target);
            EnsureLength(ref Scratch, (long)m * n);
            EnsureLength(ref DoneByCaller, TasksM * TasksN);
            Array.Clear(DoneByCaller, 0, TasksM * TasksN);
        }

        /// <summary>Marks the first <paramref name="chunks"/> K chunks of both packed operands as ready to read.</summary>
        public void PublishChunks(int chunks) => Volatile.Write(ref _publishedChunks, chunks);

        public override void Execute(int task) => Compute(task, ref MemoryMarshal.GetArrayDataReference(Scratch), _n);

        /// <summary>Rows [I0, I1) and columns [J0, J1) of C that task <paramref name="task"/> computes.</summary>
        public (int I0, int I1, int J0, int J1) Bounds(int task)
        {
            var nr = Nr;
            var rowSlivers = (_m + Mr - 1) / Mr;
            var columnSlivers = (_n + nr - 1) / nr;
            var rowBand = task / TasksN;
            var columnBand = task % TasksN;
            return (rowSlivers * rowBand / TasksM * Mr, Math.Min(_m, rowSlivers * (rowBand + 1) / TasksM * Mr),
                columnSlivers * columnBand / TasksN * nr, Math.Min(_n, columnSlivers * (columnBand + 1) / TasksN * nr));
        }

        /// <summary>Computes task <paramref name="task"/>'s tile of C into <paramref name="c"/> (element (i, j) at i·ldc + j).</summary>
        public void Compute(int task, ref T c, int ldc)
        {
            var nr = Nr;
            var mPadded = RoundUp(_m, Mr);
            var nPadded = RoundUp(_n, nr);
            var (i0, i1, j0, j1) = Bounds(task);
            ref var packedA = ref MemoryMarshal.GetArrayDataReference(PackedA);
            ref var packedB = ref MemoryMarshal.GetArrayDataReference(_b);
            for (var pc = 0; pc < _k; pc += Kc)
            {
                WaitForChunk(pc / Kc);
                var kc = Math.Min(Kc, _k - pc);
                var accumulate = _accumulate || pc > 0;
                var (rowStride, step) = ASliverStrides(_transposeA, kc);
                ref var aChunk = ref Unsafe.Add(ref packedA, (nint)pc * mPadded);
                ref var bChunk = ref Unsafe.Add(ref packedB, (nint)pc * nPadded);
                for (var ic = i0; ic < i1; ic += Mc)
                {
                    var icEnd = Math.Min(ic + Mc, i1);
                    for (var jr = j0; jr < j1; jr += nr)
                    {
                        ref var bSliver = ref Unsafe.Add(ref bChunk, (nint)jr * kc);
                        var columns = Math.Min(nr, _n - jr);
                        for (var ir = ic; ir < icEnd; ir += Mr)
                        {
                            ref var aSliver = ref Unsafe.Add(ref aChunk, (nint)ir * kc);
                            ref var cTile = ref Unsafe.Add(ref c, (nint)ir * ldc + jr);
                            var rows = Math.Min(Mr, _m - ir);
                            if (rows == Mr && columns == nr)
                                MicroKernel(kc, ref aSliver, rowStride, step, ref bSliver, ref cTile, ldc, accumulate);
                            else
                                EdgeTile(kc, ref aSliver, rowStride, step, ref bSliver, ref cTile, ldc, rows, columns, accumulate);
                        }
                    }
                }
            }
        }

        /// <summary>Waits for the caller to publish a chunk; yields rather than sleeps, as a chunk takes well under a millisecond.</summary>
        private void WaitForChunk(int chunk)
        {
            var spinner = new SpinWait();
            while (Volatile.Read(ref _publishedChunks) <= chunk)
                spinner.SpinOnce(sleep1Threshold: -1);
        }

        public static void EnsureLength<TElement>(ref TElement[] buffer, long length)
        {
            if (buffer.Length < length)
                buffer = GC.AllocateUninitializedArray<TElement>(checked((int)length));
        }
    }
}
