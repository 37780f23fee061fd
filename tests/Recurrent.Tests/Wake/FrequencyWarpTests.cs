using Recurrent.Audio;
using Recurrent.Tensors;
using Recurrent.Wake;

namespace Recurrent.Tests.Wake;

public class FrequencyWarpTests
{
    private static readonly FeatureSettings LogMel = new();

    /// <summary>Frames of a bump centred on band <paramref name="peakBand"/>, as a formant in a log-mel frame.</summary>
    private static float[] Bump(int frames, int peakBand) =>
        [.. Enumerable.Range(0, frames * LogMel.MelCount).Select(i => (float)Math.Exp(-Math.Pow(i % LogMel.MelCount - peakBand, 2) / 8))];

    private static double CentreHz(int band) => MelFilterbank.EdgeFrequencies(LogMel.MelCount, LogMel.MinFrequency, LogMel.SampleRate / 2.0)[band + 1];

    [Fact]
    public void AFactorOfOneLeavesTheFramesAsTheyWere()
    {
        var rng = new Rng(2);
        var features = Enumerable.Range(0, 3 * LogMel.MelCount).Select(_ => (float)rng.NextNormal()).ToArray();
        var warped = features.ToArray();
        new FrequencyWarp(LogMel).Apply(warped, 1.0);
        for (var i = 0; i < features.Length; i++) Assert.Equal(features[i], warped[i], 5);
    }

    /// <summary>α scales frequencies below the knee: a formant at f moves to the band nearest α·f, up for α &gt; 1 and down below 1.</summary>
    [Theory]
    [InlineData(1.15)]
    [InlineData(0.87)]
    public void AFormantMovesToTheBandAtTheScaledFrequency(double factor)
    {
        const int peak = 20;
        var features = Bump(2, peak);
        new FrequencyWarp(LogMel).Apply(features, factor);

        var target = factor * CentreHz(peak);
        var expected = Enumerable.Range(0, LogMel.MelCount).MinBy(m => Math.Abs(CentreHz(m) - target));
        Assert.NotEqual(peak, expected);
        for (var t = 0; t < 2; t++)
        {
            var frame = features.AsSpan(t * LogMel.MelCount, LogMel.MelCount).ToArray();
            Assert.Equal(expected, Array.IndexOf(frame, frame.Max()));
        }
    }

    /// <summary>Interpolation between neighbouring bands: no value leaves the range of the frame it came from, and the band edge stays where it is.</summary>
    [Theory]
    [InlineData(0.7)]
    [InlineData(0.9)]
    [InlineData(1.1)]
    [InlineData(1.3)]
    public void ValuesStayWithinTheFrameAndTheBandEdgeStaysPut(double factor)
    {
        var rng = new Rng(9);
        var frame = Enumerable.Range(0, LogMel.MelCount).Select(_ => (float)rng.NextNormal()).ToArray();
        var warped = frame.ToArray();
        new FrequencyWarp(LogMel).Apply(warped, factor);

        Assert.All(warped, v => Assert.InRange(v, frame.Min(), frame.Max()));
        Assert.NotEqual(frame, warped);
        // The top band's centre lies above the knee, where the warp bends back to f_max: it reads close to itself.
        var top = LogMel.MelCount - 1;
        Assert.InRange(warped[top], Math.Min(frame[top], frame[top - 1]) - 1e-6f, Math.Max(frame[top], frame[top - 1]) + 1e-6f);
    }

    [Fact]
    public void TheFactorIsDrawnWithinTheRangeAndOnceForTheWholeExample()
    {
        var warp = new FrequencyWarp(LogMel);
        var factors = Enumerable.Range(0, 200).Select(i =>
        {
            var features = Bump(3, 12);
            var factor = warp.Apply(features, 0.1, new Rng((ulong)i));
            var first = features.AsSpan(0, LogMel.MelCount).ToArray();
            Assert.Equal(first, features.AsSpan(LogMel.MelCount, LogMel.MelCount).ToArray());
            Assert.Equal(first, features.AsSpan(2 * LogMel.MelCount, LogMel.MelCount).ToArray());
            return factor;
        }).ToArray();
        Assert.All(factors, f => Assert.InRange(f, 0.9, 1.1));
        Assert.True(factors.Min() < 0.95 && factors.Max() > 1.05, "200 draws should spread over the range");
    }

    [Fact]
    public void MfccFeaturesAreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new FrequencyWarp(LogMel with { MfccCount = 13 }));
        Assert.Contains("this model reads MFCCs", error.Message);
    }

    [Fact]
    public void PartialFramesAreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new FrequencyWarp(LogMel).Apply(new float[LogMel.MelCount + 1], 1.1));
        Assert.Contains("not whole frames of 40 mel bands", error.Message);
    }
}
