using Recurrent.Tests.Support;

namespace Recurrent.Tests.Audio;

public class MelFilterbankTests
{
    [Fact]
    public void MelSpectrogramWithDefaultRangeMatchesTorchaudio() =>
        TensorAssert.Close<double, float>("mel_default_fmax", AudioFixture.Expected("mel_default_fmax"),
            AudioFixture.MelSpectrogram(AudioFixture.Waveform, 23, center: true), AudioFixture.Tolerance, AudioFixture.Tolerance);

    [Fact]
    public void MelSpectrogramWithBandLimitsMatchesTorchaudio() =>
        TensorAssert.Close<double, float>("mel_band", AudioFixture.Expected("mel_band"),
            AudioFixture.MelSpectrogram(AudioFixture.Waveform, 40, center: false, 20, 7600), AudioFixture.Tolerance, AudioFixture.Tolerance);

    [Fact]
    public void HzAndMelAreInverse()
    {
        Assert.Equal(1000.0, Recurrent.Audio.MelFilterbank.HzToMel(1000), 0);
        Assert.Equal(440.0, Recurrent.Audio.MelFilterbank.MelToHz(Recurrent.Audio.MelFilterbank.HzToMel(440)), 9);
    }
}
