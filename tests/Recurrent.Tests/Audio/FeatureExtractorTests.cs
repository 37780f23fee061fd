using Recurrent.Audio;
using Recurrent.Tensors;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Audio;

public class FeatureExtractorTests
{
    [Fact]
    public void MfccFeaturesAreTorchaudioMfccWithLogMels()
    {
        var settings = new FeatureSettings { MelCount = 40, MfccCount = 20, MinFrequency = 20, MaxFrequency = 7600, FftSize = 400 };
        var actual = new FeatureExtractor(settings).Compute(AudioFixture.Waveform);
        TensorAssert.Close<float, float>("mfcc_log", AudioFixture.Expected("mfcc_log"), actual, AudioFixture.Tolerance, AudioFixture.Tolerance);
    }

    [Fact]
    public void LogMelFeaturesAreTheLogOfTorchaudioMelSpectrogram()
    {
        var settings = new FeatureSettings { MelCount = 40, MinFrequency = 20, MaxFrequency = 7600, FftSize = 400 };
        var actual = new FeatureExtractor(settings).Compute(AudioFixture.Waveform);
        var expected = AudioFixture.Expected("mel_band").Select(m => (float)Math.Log(m + Mfcc.LogOffset)).ToArray();
        TensorAssert.Close<float, float>("log mel", expected, actual, AudioFixture.Tolerance, AudioFixture.Tolerance);
    }

    /// <summary>With PCEN the running average must be carried from chunk to chunk.</summary>
    [Theory]
    [InlineData(1, false)]
    [InlineData(37, false)]
    [InlineData(160, false)]
    [InlineData(1280, false)]
    [InlineData(37, true)]
    [InlineData(1280, true)]
    public void StreamingInChunksGivesTheWholeClipsFrames(int chunk, bool pcen)
    {
        var settings = pcen ? new FeatureSettings { MelCount = 13, Pcen = new PcenSettings() } : new FeatureSettings { MfccCount = 13 };
        var samples = new float[4321];
        new Rng(3).FillUniform<float>(samples, -0.5, 0.5);
        var whole = new FeatureExtractor(settings).Compute(samples);

        var streaming = new StreamingFeatureExtractor(settings);
        var frames = new List<float>();
        for (var start = 0; start < samples.Length; start += chunk)
            frames.AddRange(streaming.Push(samples.AsSpan(start, Math.Min(chunk, samples.Length - start))).ToArray());

        Assert.Equal(whole.Length / 13, frames.Count / 13);
        Assert.Equal(whole, frames.ToArray());
    }

    [Fact]
    public void NormalisationGivesZeroMeanAndUnitDeviationPerFeature()
    {
        float[] frames = [1, 10, 3, 10, 5, 10]; // feature 0 varies, feature 1 is constant
        var normalization = FeatureNormalization.Fit([frames], 2);
        normalization.Apply(frames);

        // Feature 0: mean 3, population deviation √(8/3); feature 1: deviation 0, floored, so it is only centred.
        var z = (float)Math.Sqrt(1.5);
        TensorAssert.Close<float, float>("normalised", [-z, 0, 0, 0, z, 0], frames, 1e-6, 0);
        var restored = FeatureNormalization.FromJson(normalization.ToJson());
        Assert.Equal(normalization.Mean, restored.Mean);
        Assert.Equal(normalization.Deviation, restored.Deviation);
    }

    [Fact]
    public void SettingsRoundTripThroughJsonAndBadOnesAreNamed()
    {
        var settings = new FeatureSettings { SampleRate = 8000, MfccCount = 13, FftSize = 256, MaxFrequency = 3800 };
        Assert.Equal(settings, FeatureSettings.FromJson(settings.ToJson()));
        var error = Assert.Throws<ArgumentException>(() => new FeatureSettings { MfccCount = 50 }.Validate());
        Assert.Contains("50 MFCCs from 40 mel bands", error.Message);
    }
}
