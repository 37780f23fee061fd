using Recurrent.Audio;
using Recurrent.Tensors;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Audio;

public class PcenTests
{
    private static readonly FeatureSettings Settings = new() { MelCount = 40, MinFrequency = 20, MaxFrequency = 7600, FftSize = 400, Pcen = new PcenSettings() };

    /// <summary>tools/reference/fixtures_audio.py runs the same recurrence in torch over torchaudio's mel spectrogram.</summary>
    [Fact]
    public void PcenFeaturesMatchTheTorchReference()
    {
        var fixture = Fixtures.Load("audio/pcen.safetensors");
        var actual = new FeatureExtractor(Settings).Compute(fixture["pcen.waveform"].ToArray<float>());
        TensorAssert.Close<float, float>("pcen", fixture["pcen.output"].ToArray<float>(), actual, AudioFixture.Tolerance, AudioFixture.Tolerance);
    }

    /// <summary>
    /// The running average is linear in the energy, so audio g times louder (g² in power) gives E/M^α exactly
    /// g^(2(1 − α)) times larger in every frame: recovered from each frame as (P + δ^r)^(1/r) − δ. The log moves by ln g².
    /// </summary>
    [Fact]
    public void ALouderMicrophoneChangesTheNormalisedEnergyOnlyByGToTheTwoTimesOneMinusAlpha()
    {
        var samples = new float[8000];
        new Rng(4).FillUniform<float>(samples, -0.3, 0.3);
        var louder = samples.Select(x => 10 * x).ToArray();
        var pcen = new PcenSettings();
        var extractor = new FeatureExtractor(Settings);

        var quiet = extractor.Compute(samples).Select(p => Ratio(p, pcen)).ToArray();
        var loud = extractor.Compute(louder).Select(p => Ratio(p, pcen)).ToArray();

        var factor = Math.Pow(100, 1 - pcen.Gain);   // 100^0.02 ≈ 1.096
        TensorAssert.Close<double, double>("E/M^α, 20 dB louder", quiet.Select(r => r * factor).ToArray(), loud, 1e-4, 1e-4);
    }

    [Fact]
    public void EachClipStartsAFreshRunningAverage()
    {
        var first = new float[4000];
        var second = new float[4000];
        new Rng(5).FillUniform<float>(first, -0.5, 0.5);
        new Rng(6).FillUniform<float>(second, -0.01, 0.01);
        var extractor = new FeatureExtractor(Settings);

        extractor.Compute(first);
        var afterAnother = extractor.Compute(second);

        Assert.Equal(new FeatureExtractor(Settings).Compute(second), afterAnother);
    }

    [Fact]
    public void SmootherWeightFollowsTheTimeConstant()
    {
        // 400 ms at a 10 ms hop: s = 1 − e^(−1/40), librosa's 0.0247 for the same constant to three figures.
        Assert.Equal(0.024690, Pcen.SmootherWeight(400, 10), 6);
        // After τ of steady input the average has come 1 − 1/e of the way from its start.
        var s = Pcen.SmootherWeight(400, 10);
        Assert.Equal(1 - 1 / Math.E, 1 - Math.Pow(1 - s, 40), 12);
    }

    [Theory]
    [InlineData(0.0, 0.98, 2, 0.5, "time constant must be positive")]
    [InlineData(400, 1.5, 2, 0.5, "gain α must lie in [0, 1]")]
    [InlineData(400, 0.98, 0, 0.5, "bias δ must be positive")]
    [InlineData(400, 0.98, 2, 0, "root r must lie in (0, 1]")]
    public void BadConstantsAreNamed(double timeConstantMs, double gain, double bias, double power, string message)
    {
        var settings = new PcenSettings { TimeConstantMs = timeConstantMs, Gain = gain, Bias = bias, Power = power };
        var error = Assert.Throws<ArgumentException>(() => new FeatureSettings { Pcen = settings }.Validate());
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void PcenWithMfccsIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => (Settings with { MfccCount = 13 }).Validate());
        Assert.Contains("PCEN replaces the log; choose one", error.Message);
    }

    [Fact]
    public void SettingsRoundTripThroughJson()
    {
        var settings = Settings with { Pcen = new PcenSettings { TimeConstantMs = 60, Gain = 0.8, Bias = 10, Power = 0.25, Epsilon = 1e-5 } };
        Assert.Equal(settings, FeatureSettings.FromJson(settings.ToJson()));
        Assert.Null(FeatureSettings.FromJson(new FeatureSettings().ToJson()).Pcen);
    }

    private static double Ratio(float feature, PcenSettings pcen) =>
        Math.Pow(feature + Math.Pow(pcen.Bias, pcen.Power), 1 / pcen.Power) - pcen.Bias;
}
