using Recurrent.Audio;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Audio;

public class SpectrogramTests
{
    [Fact]
    public void CentredSpectrogramMatchesTorchaudio()
    {
        var spectrogram = new Spectrogram(400, 400, 160, center: true);
        var actual = spectrogram.Compute(AudioFixture.Waveform);
        Assert.Equal(16, spectrogram.FrameCount(2400));
        TensorAssert.Close<double, float>("spec_center", AudioFixture.Expected("spec_center"), actual, AudioFixture.Tolerance, AudioFixture.Tolerance);
    }

    [Fact]
    public void ShortWindowInPowerOfTwoFrameWithoutCentringMatchesTorchaudio()
    {
        var actual = new Spectrogram(256, 200, 80, center: false).Compute(AudioFixture.Waveform);
        TensorAssert.Close<double, float>("spec_pow2_short_window", AudioFixture.Expected("spec_pow2_short_window"), actual,
            AudioFixture.Tolerance, AudioFixture.Tolerance);
    }

    [Fact]
    public void ToneLandsInItsFrequencyBin()
    {
        // 1000 Hz at 16 kHz with n_fft 320 is exactly bin 20.
        var samples = Enumerable.Range(0, 320).Select(i => (float)Math.Sin(2 * Math.PI * 1000 * i / 16000)).ToArray();
        var power = new double[161];
        new Spectrogram(320, 320, 160, center: false).PowerFrame(samples, power);
        Assert.Equal(20, Array.IndexOf(power, power.Max()));
    }

    [Fact]
    public void ClipShorterThanAFrameHasNoFrames() =>
        Assert.Empty(new Spectrogram(400, 400, 160, center: false).Compute(new float[399]));
}
