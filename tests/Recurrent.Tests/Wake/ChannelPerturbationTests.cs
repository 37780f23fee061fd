using Recurrent.Audio;
using Recurrent.Tensors;
using Recurrent.Wake;

namespace Recurrent.Tests.Wake;

public class ChannelPerturbationTests
{
    private static readonly FeatureSettings LogMel = new();

    /// <summary>One curve for the whole example: every frame moves by the same bounded, non-zero, smooth offsets.</summary>
    [Fact]
    public void EveryFrameGetsTheSameBoundedSmoothCurve()
    {
        var features = new float[3 * LogMel.MelCount];
        new ChannelPerturbation(LogMel).Apply(features, decibels: 6, new Rng(5));

        var first = features.AsSpan(0, LogMel.MelCount).ToArray();
        Assert.Equal(first, features.AsSpan(LogMel.MelCount, LogMel.MelCount).ToArray());
        Assert.Equal(first, features.AsSpan(2 * LogMel.MelCount, LogMel.MelCount).ToArray());
        var bound = 1.5 * 6 * Math.Log(10) / 10; // tilt ±D plus ripple ±D/2, in natural-log power
        Assert.All(first, v => Assert.InRange(v, -bound, bound));
        Assert.Contains(first, v => Math.Abs(v) > 0.05);
        // Smooth: neighbouring bands differ by far less than the range (2 cycles at most over 40 bands).
        Assert.All(first.Zip(first.Skip(1)), p => Assert.InRange(Math.Abs(p.First - p.Second), 0, bound / 4));
    }

    /// <summary>MFCC(L + g) = MFCC(L) + DCT(g): the curve applied to MFCCs is exactly the curve applied before the DCT.</summary>
    [Fact]
    public void MfccShiftEqualsTheDctOfTheLogMelShift()
    {
        var mfccSettings = LogMel with { MfccCount = 13 };
        var dct = new Mfcc(LogMel.MelCount, 13);
        var rng = new Rng(11);
        var logMel = Enumerable.Range(0, LogMel.MelCount).Select(_ => rng.NextNormal()).ToArray();
        var coefficients = new double[13];
        dct.Apply(logMel, coefficients);

        var melShift = new float[LogMel.MelCount];
        new ChannelPerturbation(LogMel).Apply(melShift, 8, new Rng(3));
        var shiftedMfcc = coefficients.Select(c => (float)c).ToArray();
        new ChannelPerturbation(mfccSettings).Apply(shiftedMfcc, 8, new Rng(3));

        var expected = new double[13];
        dct.Apply(logMel.Zip(melShift, (l, g) => l + g).ToArray(), expected);
        for (var j = 0; j < 13; j++) Assert.Equal(expected[j], shiftedMfcc[j], 5);
    }
}
