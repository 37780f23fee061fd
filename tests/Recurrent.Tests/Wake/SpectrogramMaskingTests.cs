using Recurrent.Tensors;
using Recurrent.Wake;

namespace Recurrent.Tests.Wake;

public class SpectrogramMaskingTests
{
    private const int Frames = 60, Bands = 40;

    private static float[] Ones() => Enumerable.Repeat(1f, Frames * Bands).ToArray();

    private static bool[] ZeroBandsOf(float[] features, int frame) =>
        [.. Enumerable.Range(0, Bands).Select(f => features[frame * Bands + f] == 0)];

    /// <summary>
    /// Frequency masks blank the same bands in every frame, at most two runs of at most F bands; over many draws
    /// the widest run reaches F but never exceeds it, and some draws blank nothing (width 0 is allowed).
    /// </summary>
    [Fact]
    public void FrequencyMasksBlankAtMostTwoRunsOfAtMostFBandsInEveryFrame()
    {
        const int maxBands = 6;
        var widest = 0;
        var untouched = 0;
        for (ulong seed = 0; seed < 300; seed++)
        {
            var features = Ones();
            SpectrogramMasking.Apply(features, Bands, maxBands, maxFrames: 0, new Rng(seed));
            var pattern = ZeroBandsOf(features, 0);
            for (var t = 1; t < Frames; t++) Assert.Equal(pattern, ZeroBandsOf(features, t));
            var runs = Runs(pattern);
            Assert.InRange(runs.Count, 0, SpectrogramMasking.MasksPerAxis);
            Assert.All(runs, r => Assert.InRange(r, 1, 2 * maxBands)); // two masks may touch and read as one run
            Assert.InRange(pattern.Count(z => z), 0, 2 * maxBands);
            Assert.All(features, v => Assert.True(v is 0 or 1));
            if (runs.Count == 2) widest = Math.Max(widest, runs.Max());
            if (runs.Count == 0) untouched++;
        }
        Assert.Equal(maxBands, widest);
        Assert.InRange(untouched, 1, 30); // both widths 0: about 1 in 49
    }

    /// <summary>Time masks blank whole frames, at most two runs of at most T frames, and leave the other frames as they were.</summary>
    [Fact]
    public void TimeMasksBlankWholeFramesInAtMostTwoRunsOfAtMostTFrames()
    {
        const int maxFrames = 8;
        var longest = 0;
        for (ulong seed = 0; seed < 300; seed++)
        {
            var features = Ones();
            SpectrogramMasking.Apply(features, Bands, maxBands: 0, maxFrames, new Rng(seed));
            var blank = Enumerable.Range(0, Frames).Select(t => ZeroBandsOf(features, t)).ToArray();
            Assert.All(blank, frame => Assert.True(frame.All(z => z) || frame.All(z => !z)));
            var runs = Runs([.. blank.Select(frame => frame[0])]);
            Assert.InRange(runs.Count, 0, SpectrogramMasking.MasksPerAxis);
            Assert.InRange(runs.Sum(), 0, 2 * maxFrames);
            if (runs.Count == 2) longest = Math.Max(longest, runs.Max());
        }
        Assert.Equal(maxFrames, longest);
    }

    [Fact]
    public void TheSameGeneratorStateGivesTheSameMasks()
    {
        var first = Ones();
        var second = Ones();
        SpectrogramMasking.Apply(first, Bands, 6, 8, new Rng(42));
        SpectrogramMasking.Apply(second, Bands, 6, 8, new Rng(42));
        Assert.Equal(first, second);
        Assert.Contains(0f, first);
    }

    private static List<int> Runs(bool[] zero)
    {
        var runs = new List<int>();
        for (var i = 0; i < zero.Length; i++)
        {
            if (!zero[i]) continue;
            var start = i;
            while (i < zero.Length && zero[i]) i++;
            runs.Add(i - start);
        }
        return runs;
    }
}
