using Recurrent.Audio;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Audio;

public class MfccTests
{
    [Fact]
    public void DefaultDecibelMfccMatchesTorchaudio()
    {
        var mel = AudioFixture.MelSpectrogram(AudioFixture.Waveform, 40, center: true);
        Mfcc.PowerToDecibels(mel, topDecibels: 80);
        var mfcc = new Mfcc(40, 13);
        var frames = mel.Length / 40;
        var actual = new double[frames * 13];
        for (var t = 0; t < frames; t++) mfcc.Apply(mel.AsSpan(t * 40, 40), actual.AsSpan(t * 13, 13));

        TensorAssert.Close<double, float>("mfcc_db", AudioFixture.Expected("mfcc_db"), actual, AudioFixture.Tolerance, AudioFixture.Tolerance);
    }

    [Fact]
    public void OrthonormalDctKeepsEnergy()
    {
        // With as many coefficients as bands, the orthonormal DCT-II is a rotation: ‖c‖ = ‖L‖.
        double[] logMel = [1, -2, 3, 0.5, -1, 2];
        var coefficients = new double[6];
        new Mfcc(6, 6).Apply(logMel, coefficients);
        Assert.Equal(logMel.Sum(x => x * x), coefficients.Sum(x => x * x), 10);
    }

    [Fact]
    public void TopDecibelsFloorsQuietValuesBelowTheLoudest()
    {
        double[] values = [1, 1e-12, 1e-3];
        Mfcc.PowerToDecibels(values, topDecibels: 20);
        Assert.Equal([0, -20, -20], values);
    }
}
