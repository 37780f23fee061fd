using Recurrent.Audio;
using Recurrent.Tests.Wake;

namespace Recurrent.Tests.Audio;

public class TimeStretchTests
{
    private const int Rate = 16000;
    private const int Frame = Rate / 40;

    [Theory]
    [InlineData(0.8)]
    [InlineData(1.0)]
    [InlineData(1.25)]
    public void LengthChangesByTheRatio(double ratio)
    {
        var input = new float[Rate / 2 + 3];

        Assert.Equal((int)(input.Length * ratio), TimeStretch.Apply(input, ratio, Rate).Length);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(1.1)]
    public void AConstantStaysConstantWhereFramesOverlap(double ratio)
    {
        var input = Enumerable.Repeat(0.25f, Rate / 4).ToArray();

        var output = TimeStretch.Apply(input, ratio, Rate);

        // The summed windows are divided out; only the first and last frame, whose windows sum to nearly nothing at
        // their outer edges, are left out.
        foreach (var sample in output.AsSpan(Frame, output.Length - 2 * Frame))
            Assert.Equal(0.25, sample, 1e-6);
    }

    [Theory]
    [InlineData(120, 0.8)]
    [InlineData(120, 1.25)]
    [InlineData(220, 0.9)]
    [InlineData(440, 1.1)]
    public void AlignedFramesKeepATonesFrequency(double frequency, double ratio)
    {
        var tone = WakeMixerTests.Tone(frequency, 1.0, Rate);

        var aligned = TimeStretch.ApplyAligned(tone, ratio, Rate);
        var plain = TimeStretch.Apply(tone, ratio, Rate);

        Assert.Equal((int)(tone.Length * ratio), aligned.Length);
        Assert.InRange(PeakFrequency(aligned), frequency - 2, frequency + 2);
        // Plain overlap-add does not, at least below 300 Hz, where it scales the tone by 1/r: what ApplyAligned is for.
        if (frequency < 300) Assert.InRange(PeakFrequency(plain), frequency / ratio - 2, frequency / ratio + 2);
    }

    [Theory]
    [InlineData(-3)]
    [InlineData(3)]
    public void ResamplingThenAlignedStretchingShiftsThePitch(double semitones)
    {
        // A voice-like 180 Hz harmonic complex, resampled by p (pitch and tempo) and stretched back to its length.
        var input = new float[Rate];
        for (var i = 0; i < input.Length; i++)
        {
            var sum = 0.0;
            for (var h = 1; h * 180 < 7000; h++) sum += Math.Sin(2 * Math.PI * h * 180 * i / Rate) / h;
            input[i] = (float)(0.2 * sum);
        }
        var factor = Math.Pow(2, semitones / 12);
        var resampled = new Resampler(Rate, (int)Math.Round(Rate / factor / 160) * 160).Process(input);

        var shifted = TimeStretch.ApplyAligned(resampled, (double)input.Length / resampled.Length, Rate);

        Assert.InRange(shifted.Length, input.Length - 1, input.Length);
        Assert.InRange(Fundamental(shifted), 180 * factor * 0.97, 180 * factor * 1.03);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(1.25)]
    public void SilenceStaysSilentWithAlignedFrames(double ratio)
    {
        // No candidate frame has energy to correlate, here up to the clip's very end, where the nominal start of the
        // last frames lies past the last whole frame.
        var output = TimeStretch.ApplyAligned(new float[Rate], ratio, Rate);

        Assert.Equal((int)(Rate * ratio), output.Length);
        Assert.All(output, sample => Assert.Equal(0f, sample));
    }

    [Fact]
    public void ANonPositiveRatioIsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TimeStretch.Apply(new float[100], 0, Rate));
        Assert.Contains("positive", error.Message);
    }

    /// <summary>The strongest frequency of the middle half second, 50 to 1,000 Hz in 1 Hz steps (a Hann-windowed DFT).</summary>
    private static double PeakFrequency(float[] samples)
    {
        const int length = Rate / 2;
        var start = (samples.Length - length) / 2;
        var (best, bestPower) = (0.0, -1.0);
        for (var frequency = 50.0; frequency <= 1000; frequency++)
        {
            double re = 0, im = 0;
            for (var n = 0; n < length; n++)
            {
                var x = samples[start + n] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * n / length));
                re += x * Math.Cos(2 * Math.PI * frequency * n / Rate);
                im += x * Math.Sin(2 * Math.PI * frequency * n / Rate);
            }
            if (re * re + im * im > bestPower) (best, bestPower) = (frequency, re * re + im * im);
        }
        return best;
    }

    /// <summary>The fundamental of the middle half: the autocorrelation's highest peak over periods of 60 to 400 Hz.</summary>
    private static double Fundamental(float[] samples)
    {
        var start = samples.Length / 4;
        var length = samples.Length / 2;
        var (bestLag, bestSum) = (0, double.NegativeInfinity);
        for (var lag = Rate / 400; lag <= Rate / 60; lag++)
        {
            var sum = 0.0;
            for (var n = 0; n < length - lag; n++) sum += samples[start + n] * samples[start + n + lag];
            if (sum > bestSum) (bestLag, bestSum) = (lag, sum);
        }
        return (double)Rate / bestLag;
    }
}
