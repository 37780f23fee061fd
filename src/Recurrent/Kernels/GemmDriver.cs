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
/// depends on the shape alone and that path, too, splits only columns, so it is just as deterministic.
/// </para>
/// <para>
/// A span cannot be handed to another thread, so the call pins its operands and its tasks reach them by address
/// (the library's only unsafe code): each task packs what it needs and writes its tiles straight into C, and the
/// packing is shared out like the products rather than left to the calling thread (see <see cref="Job"/>).
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
    public static unsafe void Multiply(
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
        // Workers cannot hold a span, so the job holds the operands' addresses, pinned until every task has finished.
        fixed (T* aPointer = a, bPointer = b, cPointer = c)
        {
            job.Prepare(new Operand(aPointer, a.Length, lda, transposeA), new Operand(bPointer, b.Length, ldb, transposeB),
                new Operand(cPointer, c.Length, ldc, false), m, n, k, accumulate, packedB?.Data);
            try
            {
                KernelThreads.Run(job, job.TasksM * job.TasksN);
            }
            finally
            {
                job.Release();
            }
        }
    }

    /// <summary>Fills a <see cref="PackedOperand{T}"/> with every K chunk of op(B), in the layout of <see cref="PackB"/>.</summary>
    internal static void PackAll(bool transposeB, ReadOnlySpan<T> b, int ldb, int n, int k, PackedOperand<T> packed)
    {
        var nPadded = RoundUp(n, Nr);
        Job.EnsureLength(ref packed.Data, (long)nPadded * k);
        for (var pc = 0; pc < k; pc += Kc)
            PackB(transposeB, b, ldb, n, pc, Math.Min(Kc, k - pc), packed.Data.AsSpan(pc * nPadded), 0, n);
        packed.MarkPacked(transposeB, k, n);
    }

    /// <summary>
    /// Packs rows [<paramref name="first"/>, <paramref name="end"/>) of the K chunk [pc, pc+kc) of op(A), M̃ = M
    /// rounded up to Mr rows in all, zero rows below row M; <paramref name="first"/> starts a sliver and
    /// <paramref name="end"/> ends one or is M. <paramref name="packed"/> is the chunk, which starts at pc·M̃ of the
    /// buffer, and its sliver of rows [i, i+Mr) starts at i·kc. The micro-kernel broadcasts A one value at a time, so
    /// either order within a sliver serves it, and each operand gets the one it can copy in runs: op(A)[i+r, pc+p] sits
    /// at r·kc + p when A is stored M×K (whole row segments copied) and at p·Mr + r when A is stored K×M (runs of Mr
    /// neighbours copied). See <see cref="ASliverStrides"/>.
    /// </summary>
    private static void PackA(bool transposeA, ReadOnlySpan<T> a, int lda, int m, int pc, int kc, Span<T> packed, int first, int end)
    {
        var endPadded = RoundUp(end, Mr);
        if (transposeA)
        {
            // op(A) row i is column i of the stored K×M matrix. Walk each stored row once, left to right, dealing runs
            // of Mr values out to the slivers: reading down a column instead would touch a new cache line per value.
            if (end < endPadded)
                packed.Slice((endPadded - Mr) * kc, kc * Mr).Clear();
            ref var source = ref MemoryMarshal.GetReference(a);
            ref var target = ref MemoryMarshal.GetReference(packed);
            for (var p = 0; p < kc; p++)
            {
                ref var from = ref Unsafe.Add(ref source, (nint)(pc + p) * lda);
                for (var ir = first; ir < endPadded; ir += Mr)
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
            for (var ir = first; ir < endPadded; ir += Mr)
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
    /// Packs columns [<paramref name="first"/>, <paramref name="end"/>) of the K chunk [pc, pc+kc) of op(B), Ñ = N
    /// rounded up to Nr columns in all; <paramref name="first"/> starts a sliver and <paramref name="end"/> ends one or
    /// is N. The sliver of columns [j, j+Nr) starts at j·kc of <paramref name="packed"/> (the chunk, which starts at
    /// pc·Ñ of the buffer) and holds op(B)[pc+p, j+q] at p·Nr + q, with zeros right of column N.
    /// </summary>
    private static void PackB(bool transposeB, ReadOnlySpan<T> b, int ldb, int n, int pc, int kc, Span<T> packed, int first, int end)
    {
        var nr = Nr;
        var endPadded = RoundUp(end, nr);
        ref var source = ref MemoryMarshal.GetReference(b);
        for (var jr = first; jr < endPadded; jr += nr)
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

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> of [0, size), cut between slivers of <paramref name="sliver"/>.</summary>
    private static (int First, int End) Band(int size, int sliver, int part, int parts)
    {
        var slivers = (size + sliver - 1) / sliver;
        return (slivers * part / parts * sliver, Math.Min(size, slivers * (part + 1) / parts * sliver));
    }

    /// <summary>
    /// One operand of a call, by address: <see cref="Multiply"/> pins it for the whole call, so every thread of the
    /// call may read it (or, for C, write its own tiles of it).
    /// </summary>
    private readonly unsafe struct Operand(T* start, int length, int leadingDimension, bool transposed)
    {
        private readonly nint _start = (nint)start;

        public int LeadingDimension { get; } = leadingDimension;

        public bool Transposed { get; } = transposed;

        public ReadOnlySpan<T> Values => new((void*)_start, length);

        public ref T Start => ref Unsafe.AsRef<T>((void*)_start);
    }

    /// <summary>
    /// One call's operands, packed copies and tiling, kept per calling thread so that a warmed-up call allocates nothing.
    /// Task t computes the tile in row band t / TasksN and column band t % TasksN.
    /// </summary>
    /// <remarks>
    /// For each K chunk a task packs its own band of the operand only it reads (its rows of op(A), or its columns of
    /// op(B) when C is cut into column bands), then helps pack the chunk of the operand every task reads: that chunk
    /// is cut into one piece per task, and a task takes pieces until none is left, then waits for the pieces others
    /// took. A thread waits only for pieces that running threads are packing, so however the tasks are shared out
    /// (one thread may run them all) nothing waits for a task that has not started.
    /// </remarks>
    private sealed class Job : KernelJob
    {
        public T[] PackedA = [];
        public T[] PackedB = [];
        /// <summary>The packed op(B) this call reads: <see cref="PackedB"/>, or a caller's <see cref="PackedOperand{T}"/>.</summary>
        private T[] _b = [];
        private int[] _piecesTaken = [];   // per K chunk: pieces of the shared operand a task has claimed
        private int[] _piecesPacked = [];  // per K chunk: pieces finished
        private Operand _aSource, _bSource, _c;
        public int TasksM;
        public int TasksN;
        private int _m, _n, _k;
        private bool _accumulate;
        private bool _packsB;      // false when op(B) comes packed in a PackedOperand
        private bool _sharesA;     // column bands all read op(A); row bands (or one task) all read op(B)

        public void Prepare(Operand a, Operand b, Operand c, int m, int n, int k, bool accumulate, T[]? packedOperand)
        {
            (_aSource, _bSource, _c, _m, _n, _k, _accumulate) = (a, b, c, m, n, k, accumulate);
            var nr = Nr;
            EnsureLength(ref PackedA, (long)RoundUp(m, Mr) * k);
            _packsB = packedOperand is null;
            if (_packsB)
                EnsureLength(ref PackedB, (long)RoundUp(n, nr) * k);
            _b = packedOperand ?? PackedB;
            (TasksM, TasksN) = (1, 1);
            var threads = KernelThreads.Count;
            if (threads > 1 && (long)m * n * k >= ParallelThreshold)
            {
                // Cut the longer side of C into bands of whole slivers: each band reads only its share of one operand.
                var target = TasksPerThread * threads;
                var rowSlivers = (m + Mr - 1) / Mr;
                var columnSlivers = (n + nr - 1) / nr;
                var splitRows = rowSlivers >= target ? m >= n || columnSlivers < target : rowSlivers > columnSlivers;
                if (splitRows)
                    TasksM = Math.Min(rowSlivers, target);
                else
                    TasksN = Math.Min(columnSlivers, target);
            }
            _sharesA = TasksN > 1;
            var chunks = (k + Kc - 1) / Kc;
            EnsureLength(ref _piecesTaken, chunks);
            EnsureLength(ref _piecesPacked, chunks);
            Array.Clear(_piecesTaken, 0, chunks);
            Array.Clear(_piecesPacked, 0, chunks);
        }

        /// <summary>Forgets the operands' addresses, which are valid only while <see cref="Multiply"/> runs.</summary>
        public void Release() => (_aSource, _bSource, _c) = (default, default, default);

        /// <summary>Rows [I0, I1) and columns [J0, J1) of C that task <paramref name="task"/> computes.</summary>
        private (int I0, int I1, int J0, int J1) Bounds(int task)
        {
            var nr = Nr;
            var rowBand = task / TasksN;
            var columnBand = task % TasksN;
            var (i0, i1) = Band(_m, Mr, rowBand, TasksM);
            var (j0, j1) = Band(_n, nr, columnBand, TasksN);
            return (i0, i1, j0, j1);
        }

        /// <summary>Computes task <paramref name="task"/>'s tile of C, packing what it needs on the way.</summary>
        public override void Execute(int task)
        {
            var nr = Nr;
            var mPadded = RoundUp(_m, Mr);
            var nPadded = RoundUp(_n, nr);
            var (i0, i1, j0, j1) = Bounds(task);
            ref var packedA = ref MemoryMarshal.GetArrayDataReference(PackedA);
            ref var packedB = ref MemoryMarshal.GetArrayDataReference(_b);
            ref var c = ref _c.Start;
            var ldc = _c.LeadingDimension;
            for (var pc = 0; pc < _k; pc += Kc)
            {
                var kc = Math.Min(Kc, _k - pc);
                if (!_sharesA)
                    PackRowsOfA(pc, kc, i0, i1);
                else if (_packsB)
                    PackColumnsOfB(pc, kc, j0, j1);
                PackSharedChunk(pc, kc);
                var accumulate = _accumulate || pc > 0;
                var (rowStride, step) = ASliverStrides(_aSource.Transposed, kc);
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

        /// <summary>
        /// Packs pieces of K chunk [pc, pc+kc) of the operand every task reads until none is left untaken, then waits
        /// (yielding, as a piece takes microseconds) until the other takers have finished theirs.
        /// </summary>
        private void PackSharedChunk(int pc, int kc)
        {
            if (!_sharesA && !_packsB)
                return;
            var chunk = pc / Kc;
            var pieces = TasksM * TasksN;
            int piece;
            while ((piece = Interlocked.Increment(ref _piecesTaken[chunk]) - 1) < pieces)
            {
                try
                {
                    if (_sharesA)
                    {
                        var (first, end) = Band(_m, Mr, piece, pieces);
                        if (first < end)
                            PackRowsOfA(pc, kc, first, end);
                    }
                    else
                    {
                        var (first, end) = Band(_n, Nr, piece, pieces);
                        if (first < end)
                            PackColumnsOfB(pc, kc, first, end);
                    }
                }
                finally
                {
                    // Counted even if packing failed, so that no thread waits forever; the failure reaches the caller.
                    Interlocked.Increment(ref _piecesPacked[chunk]);
                }
            }
            var spinner = new SpinWait();
            while (Volatile.Read(ref _piecesPacked[chunk]) < pieces)
                spinner.SpinOnce(sleep1Threshold: -1);
        }

        /// <summary>Rows [first, end) of op(A)'s K chunk [pc, pc+kc) into <see cref="PackedA"/>.</summary>
        private void PackRowsOfA(int pc, int kc, int first, int end) =>
            PackA(_aSource.Transposed, _aSource.Values, _aSource.LeadingDimension, _m, pc, kc, PackedA.AsSpan(pc * RoundUp(_m, Mr)), first, end);

        /// <summary>Columns [first, end) of op(B)'s K chunk [pc, pc+kc) into <see cref="PackedB"/>.</summary>
        private void PackColumnsOfB(int pc, int kc, int first, int end) =>
            PackB(_bSource.Transposed, _bSource.Values, _bSource.LeadingDimension, _n, pc, kc, PackedB.AsSpan(pc * RoundUp(_n, Nr)), first, end);

        public static void EnsureLength<TElement>(ref TElement[] buffer, long length)
        {
            if (buffer.Length < length)
                buffer = GC.AllocateUninitializedArray<TElement>(checked((int)length));
        }
    }
}
