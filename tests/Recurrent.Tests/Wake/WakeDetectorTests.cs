using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Tests.Support;
using Recurrent.Wake;

namespace Recurrent.Tests.Wake;

public class WakeDetectorTests
{
    [Theory]
    [InlineData(37)]    // shorter than a hop: most pushes complete no frame
    [InlineData(1280)]  // rnn wake listen's default 80 ms
    [InlineData(5000)]
    public void DetectionsPushedInChunksEqualTheTriggerOnTheWholeClipScores(int chunk)
    {
        using var folder = new TemporaryDirectory();
        var model = new WakeModel<float>(new WakeModelConfig { ConvChannels = 8, HiddenSize = 6 }, new Rng(3));
        WakeModelFile.Save(model, folder.PathOf("model.safetensors"));
        var samples = new float[48000];
        new Rng(4).FillUniform<float>(samples, -0.3, 0.3);
        var whole = WakeStream.ScoreClip(model, samples);
        // An untrained model's scores hover near one value: put the threshold in the middle of them, in a gap wide
        // enough that streaming's float rounding cannot move a frame across it, so that several runs fire.
        var rule = new TriggerRule { Threshold = ThresholdNearTheMedian(whole), MinFrames = 2, RefractorySeconds = 0.05 };
        var features = model.Config.Features;
        var expected = new List<Detection>();
        new Trigger(rule, features.HopSamples, features.FrameSamples, features.SampleRate).Process(whole, expected);

        var detector = WakeDetector.Load([folder.PathOf("model.safetensors")], rule);
        var detected = new List<Detection>();
        for (var start = 0; start < samples.Length; start += chunk)
            detected.AddRange(detector.Push(samples.AsSpan(start, Math.Min(chunk, samples.Length - start))));

        Assert.Equal(16000, detector.SampleRate);
        Assert.Equal(samples.Length, detector.SamplesHeard);
        Assert.True(expected.Count >= 3, $"only {expected.Count} detection(s) to compare");
        Assert.Equal(expected.Select(d => d.Seconds), detected.Select(d => d.Seconds));
        TensorAssert.Close<double, double>("scores", expected.Select(d => d.Score).ToArray(), detected.Select(d => d.Score).ToArray(), 1e-6, 1e-5);
    }

    [Fact]
    public void EachPushReturnsOnlyTheDetectionsItCompletes()
    {
        var model = new WakeModel<float>(new WakeModelConfig { ConvChannels = 8, HiddenSize = 6 }, new Rng(3));
        var samples = new float[48000];
        new Rng(4).FillUniform<float>(samples, -0.3, 0.3);
        var rule = new TriggerRule { Threshold = ThresholdNearTheMedian(WakeStream.ScoreClip(model, samples)), MinFrames = 2, RefractorySeconds = 0.05 };
        var detector = new WakeDetector(model, rule);

        var first = detector.Push(samples.AsSpan(0, 24000)).ToList();
        var second = detector.Push(samples.AsSpan(24000)).ToList();

        Assert.NotEmpty(first);
        Assert.NotEmpty(second);
        Assert.All(first, d => Assert.True(d.Seconds <= 1.5, $"{d.Seconds} s is after the first push's 1.5 s"));
        Assert.All(second, d => Assert.True(d.Seconds > first[^1].Seconds, $"{d.Seconds} s was already reported"));
    }

    /// <summary>
    /// A threshold above half the scores, in a gap between two of them wide enough that float rounding (streaming
    /// against a whole clip) cannot move a frame across it.
    /// </summary>
    internal static double ThresholdNearTheMedian(float[] scores)
    {
        var sorted = scores.Order().ToArray();
        for (var i = sorted.Length / 2; i + 1 < sorted.Length; i++)
            if (sorted[i + 1] - sorted[i] > 1e-4) return (sorted[i] + sorted[i + 1]) / 2.0;
        throw new InvalidOperationException("no gap between the scores above their median");
    }
}
