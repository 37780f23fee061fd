using System.Numerics;
using Recurrent.Kernels;
using Recurrent.Kernels.Reference;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Kernels;

/// <summary>Gemm.Multiply against the naive ReferenceGemm: every transpose, every remainder, special values, errors.</summary>
[Trait("Category", "Kernels")]
public class GemmTests
{
    public static TheoryData<bool, bool> Transposes => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    public static TheoryData<int, int, int> IrregularShapes => new()
    {
        { 17, 33, 5 }, { 1, 300, 257 }, { 64, 1024, 256 }, { 129, 65, 300 }, { 7, 70, 513 }, { 200, 31, 40 },
        { 6, 32, 256 }, { 12, 64, 512 }, { 1, 1, 1000 }, { 250, 3, 17 }, { 4, 100, 300 }, { 2, 65, 1 }, { 11, 97, 70 },
    };

    [Theory]
    [MemberData(nameof(Transposes))]
    public void SmallShapes_MatchReference_ForEverySizeCombination(bool transposeA, bool transposeB)
    {
        int[] sizes = [0, 1, 2, 3, 5, 6, 7, 13];
        var seed = 0;
        foreach (var m in sizes)
            foreach (var n in sizes)
                foreach (var k in sizes)
                {
                    var accumulate = seed % 2 == 1;
                    CheckAgainstReference<float>(transposeA, transposeB, m, n, k, accumulate, padding: seed % 3, seed);
                    CheckAgainstReference<double>(transposeA, transposeB, m, n, k, !accumulate, padding: seed % 3, seed);
                    seed++;
                }
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void LengthSweep_MatchesReference_AlongEachDimension(bool transposeA, bool transposeB)
    {
        for (var length = 0; length <= 256; length++)
        {
            var accumulate = length % 2 == 0;
            CheckAgainstReference<float>(transposeA, transposeB, length, 3, 5, accumulate, padding: 1, length);
            CheckAgainstReference<float>(transposeA, transposeB, 3, length, 5, !accumulate, padding: 2, length);
            CheckAgainstReference<float>(transposeA, transposeB, 2, 7, length, accumulate, padding: 0, length);
            CheckAgainstReference<double>(transposeA, transposeB, length, 2, 3, !accumulate, padding: 1, length);
            CheckAgainstReference<double>(transposeA, transposeB, 5, length, 3, accumulate, padding: 0, length);
            CheckAgainstReference<double>(transposeA, transposeB, 3, 2, length, !accumulate, padding: 2, length);
        }
    }

    [Theory]
    [MemberData(nameof(IrregularShapes))]
    public void IrregularShapes_MatchReference_ForAllTransposesAndModes(int m, int n, int k)
    {
        var seed = m * 7919 + n * 104729 + k;
        foreach (var (transposeA, transposeB) in new[] { (false, false), (false, true), (true, false), (true, true) })
        {
            // Each type sees both modes over the four combinations, which keeps the largest shapes quick.
            var accumulate = transposeA != transposeB;
            CheckAgainstReference<float>(transposeA, transposeB, m, n, k, accumulate, padding: 3, seed++);
            CheckAgainstReference<double>(transposeA, transposeB, m, n, k, !accumulate, padding: 0, seed++);
        }
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void NaNAndInfinityInOperands_PropagateAsInReference(bool transposeA, bool transposeB)
    {
        const int m = 9, n = 40, k = 11;
        var (a, lda) = RandomMatrix<float>(transposeA ? k : m, transposeA ? m : k, padding: 1, seed: 1);
        var (b, ldb) = RandomMatrix<float>(transposeB ? n : k, transposeB ? k : n, padding: 2, seed: 2);
        a[transposeA ? 4 * lda + 2 : 2 * lda + 4] = float.NaN;               // op(A)[2, 4]: row 2 of C is NaN
        a[transposeA ? 7 * lda + 5 : 5 * lda + 7] = float.PositiveInfinity;  // op(A)[5, 7]: row 5 is ±Inf
        b[transposeB ? 33 * ldb + 3 : 3 * ldb + 33] = float.NegativeInfinity; // op(B)[3, 33]: column 33 is ±Inf
        b[transposeB ? 20 * ldb + 7 : 7 * ldb + 20] = float.PositiveInfinity; // op(B)[7, 20] meets row 5's Inf
        var expected = new float[m * n];
        var actual = new float[m * n];
        ReferenceGemm.Multiply<float>(transposeA, transposeB, m, n, k, a, lda, b, ldb, expected, n, accumulate: false);
        Gemm.Multiply<float>(transposeA, transposeB, m, n, k, a, lda, b, ldb, actual, n, accumulate: false);
        Assert.True(float.IsNaN(actual[2 * n + 10]));
        Assert.Equal(float.PositiveInfinity, actual[5 * n + 20]);
        TensorAssert.Close<float, float>("C with special values", expected, actual, 1e-4, 1e-5);
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void Overwrite_DoesNotReadPreviousC_EvenNaN(bool transposeA, bool transposeB)
    {
        foreach (var (m, n, k) in new[] { (7, 35, 300), (64, 1024, 64) })
        {
            var (a, lda) = RandomMatrix<float>(transposeA ? k : m, transposeA ? m : k, padding: 0, seed: 3);
            var (b, ldb) = RandomMatrix<float>(transposeB ? n : k, transposeB ? k : n, padding: 0, seed: 4);
            var c = Enumerable.Repeat(float.NaN, m * n).ToArray();
            Gemm.Multiply<float>(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, n, accumulate: false);
            Assert.DoesNotContain(c, float.IsNaN);
        }
    }

    [Fact]
    public void ZeroK_ZeroesC_OrLeavesItWhenAccumulating()
    {
        var c = Enumerable.Repeat(float.NaN, 3 * 5).ToArray();
        c[4] = 2f;
        Gemm.Multiply<float>(false, false, 3, 4, 0, [], 0, [], 4, c, 5, accumulate: true);
        Assert.Equal(2f, c[4]);
        Gemm.Multiply<float>(false, false, 3, 4, 0, [], 0, [], 4, c, 5, accumulate: false);
        for (var i = 0; i < 3; i++)
            Assert.All(c.AsSpan(i * 5, 4).ToArray(), value => Assert.Equal(0f, value));
        Assert.True(float.IsNaN(c[9]), "the column beyond N must be left alone");
    }

    [Fact]
    public void OtherFloatingTypes_FallBackToReference()
    {
        var (a, lda) = RandomMatrix<Half>(3, 4, padding: 0, seed: 5);
        var (b, ldb) = RandomMatrix<Half>(5, 4, padding: 0, seed: 6);
        var expected = new Half[15];
        var actual = new Half[15];
        ReferenceGemm.Multiply<Half>(false, true, 3, 5, 4, a, lda, b, ldb, expected, 5, accumulate: false);
        Gemm.Multiply<Half>(false, true, 3, 5, 4, a, lda, b, ldb, actual, 5, accumulate: false);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void WarmedUpCall_AllocatesNothingOnTheCallingThread()
    {
        var a = new float[64 * 256];
        var b = new float[1024 * 256];
        var c = new float[64 * 1024];
        foreach (var m in new[] { 1, 64 })
        {
            Gemm.Multiply<float>(false, true, m, 1024, 256, a, 256, b, 256, c, 1024, accumulate: true);
            // These products share work with the kernel workers, so the calling thread may block waiting for one,
            // and the runtime can allocate once for a thread's first blocking wait (8,056 bytes, seen once in a CI
            // run). Three calls in a row: an allocation made on every call still fails, a one-off does not.
            var allocated = new long[3];
            for (var call = 0; call < allocated.Length; call++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                Gemm.Multiply<float>(false, true, m, 1024, 256, a, 256, b, 256, c, 1024, accumulate: true);
                allocated[call] = GC.GetAllocatedBytesForCurrentThread() - before;
            }
            Assert.Contains(0L, allocated);
        }
    }

    [Fact]
    public void InvalidArguments_ThrowArgumentExceptionsNamingTheProblem()
    {
        var a = new float[12];
        var b = new float[12];
        var c = new float[12];
        AssertThrows("lda", () => Gemm.Multiply<float>(false, false, 3, 4, 3, a, 2, b, 4, c, 4, false));
        AssertThrows("lda", () => Gemm.Multiply<float>(true, false, 3, 4, 3, a, 2, b, 4, c, 4, false));
        AssertThrows("ldb", () => Gemm.Multiply<float>(false, false, 3, 4, 3, a, 3, b, 3, c, 4, false));
        AssertThrows("ldb", () => Gemm.Multiply<float>(false, true, 3, 4, 3, a, 3, b, 2, c, 4, false));
        AssertThrows("ldc", () => Gemm.Multiply<float>(false, false, 3, 4, 3, a, 3, b, 4, c, 3, false));
        AssertThrows("A has 12 elements", () => Gemm.Multiply<float>(false, false, 3, 4, 3, a, 5, b, 4, c, 4, false));
        AssertThrows("B has 12 elements", () => Gemm.Multiply<float>(false, false, 3, 4, 4, a, 4, b, 4, c, 4, false));
        AssertThrows("C has 12 elements", () => Gemm.Multiply<float>(false, false, 4, 4, 3, new float[12], 3, b, 4, c, 4, false));
        AssertThrows("m", () => Gemm.Multiply<float>(false, false, -1, 4, 3, a, 3, b, 4, c, 4, false));
        AssertThrows("k", () => Gemm.Multiply<float>(false, false, 3, 4, -2, a, 3, b, 4, c, 4, false));
    }

    private static void AssertThrows(string expectedInMessage, Action call)
    {
        var exception = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Contains(expectedInMessage, exception.Message);
    }

    /// <summary>
    /// Runs Gemm and ReferenceGemm on the same seeded operands, with leading dimensions <paramref name="padding"/>
    /// wider than the rows, and compares all of C, so the padding between rows must also be left untouched.
    /// </summary>
    private static void CheckAgainstReference<T>(bool transposeA, bool transposeB, int m, int n, int k, bool accumulate, int padding, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, lda) = RandomMatrix<T>(transposeA ? k : m, transposeA ? m : k, padding, seed);
        var (b, ldb) = RandomMatrix<T>(transposeB ? n : k, transposeB ? k : n, padding + 1, seed + 1);
        var (expected, ldc) = RandomMatrix<T>(m, n, padding, seed + 2);
        if (!accumulate)
            expected.AsSpan().Fill(T.NaN);
        var actual = (T[])expected.Clone();
        ReferenceGemm.Multiply<T>(transposeA, transposeB, m, n, k, a, lda, b, ldb, expected, ldc, accumulate);
        Gemm.Multiply<T>(transposeA, transposeB, m, n, k, a, lda, b, ldb, actual, ldc, accumulate);
        // Both sides sum K products of numbers in [-1, 1] in different orders. Each order's rounding error behaves like
        // a random walk of K steps of size u·(partial sum), and the partial sums stay below Σ|a·b| ≈ K/4, so the
        // difference is about u·√K·K/4; a factor 8 covers two such walks and their tails. u is the unit round-off.
        var u = typeof(T) == typeof(float) ? Math.Pow(2, -24) : Math.Pow(2, -53);
        var atol = 8 * u * Math.Sqrt(k) * Math.Max(1, k / 4.0) + 4 * u;
        TensorAssert.Close<T, T>($"C ({(transposeA ? "T" : "N")}{(transposeB ? "T" : "N")}, m={m}, n={n}, k={k}, accumulate={accumulate}, {typeof(T).Name})",
            expected, actual, atol, 0);
    }

    /// <summary>A rows×columns matrix of seeded uniform values in [-1, 1] with leading dimension columns + padding.</summary>
    internal static (T[] Values, int Ld) RandomMatrix<T>(int rows, int columns, int padding, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var ld = columns + padding;
        var random = new Random(seed);
        var values = new T[rows * ld];
        for (var i = 0; i < values.Length; i++)
            values[i] = T.CreateTruncating(random.NextDouble() * 2 - 1);
        return (values, ld);
    }
}
