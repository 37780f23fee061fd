using System.Globalization;
using System.Numerics;

namespace Recurrent.Tests.Support;

/// <summary>The one comparison helper: shape first, then |actual − expected| ≤ atol + rtol·|expected| everywhere.</summary>
public static class TensorAssert
{
    public static void Close<TA, TE>(
        string name, ReadOnlySpan<TE> expected, ReadOnlySpan<TA> actual, double atol, double rtol,
        IReadOnlyList<int>? expectedShape = null, IReadOnlyList<int>? actualShape = null)
        where TA : INumberBase<TA> where TE : INumberBase<TE>
    {
        if (expectedShape is not null && actualShape is not null && !expectedShape.SequenceEqual(actualShape))
            Assert.Fail($"{name}: shape ({string.Join(", ", actualShape)}) but expected ({string.Join(", ", expectedShape)}).");
        if (expected.Length != actual.Length)
            Assert.Fail($"{name}: {actual.Length} elements but expected {expected.Length}.");
        var firstBad = -1;
        var largest = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var e = double.CreateTruncating(expected[i]);
            var a = double.CreateTruncating(actual[i]);
            var difference = Math.Abs(a - e);
            var bad = double.IsNaN(difference) ? !(double.IsNaN(a) && double.IsNaN(e)) && a != e : difference > atol + rtol * Math.Abs(e);
            if (double.IsNaN(difference) && a == e) bad = false;
            if (bad && firstBad < 0) firstBad = i;
            if (!double.IsNaN(difference) && difference > largest) largest = difference;
            if (double.IsNaN(difference) && bad) largest = double.NaN;
        }
        if (firstBad >= 0)
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{name}: first mismatch at index {firstBad}: actual {double.CreateTruncating(actual[firstBad]):R}, expected {double.CreateTruncating(expected[firstBad]):R}; largest difference {largest:G3} (atol {atol:G3}, rtol {rtol:G3})."));
        }
    }

    public static void Close<TA, TE>(string name, TE[] expected, TA[] actual, double atol, double rtol)
        where TA : INumberBase<TA> where TE : INumberBase<TE>
        => Close<TA, TE>(name, expected.AsSpan(), actual.AsSpan(), atol, rtol);
}
