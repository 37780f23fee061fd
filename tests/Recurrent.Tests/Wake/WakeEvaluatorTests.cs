using Recurrent.Audio;
using Recurrent.Tensors;
using Recurrent.Wake;

namespace Recurrent.Tests.Wake;

public class WakeEvaluatorTests
{
    /// <summary>
    /// Each word's peak is the highest threshold that still finds it: the trigger fires inside the word's accept
    /// window at the peak and nowhere inside it one float step above. Scores are random inside the windows and zero
    /// elsewhere, so no run starts before a window and fires early.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void WakeWordPeakIsTheHighestThresholdThatFindsTheWord(int minFrames)
    {
        var settings = new FeatureSettings();
        int hop = settings.HopSamples, frame = settings.FrameSamples, rate = settings.SampleRate;
        (int Start, int End)[] spans = [(8000, 16000), (48000, 52000), (80000, 91000)];
        var scores = new float[900];
        var rng = new Rng(7);
        var windows = spans.Select(s => (
            First: Math.Max(minFrames - 1, (int)Math.Ceiling((s.Start - frame) / (double)hop)),
            Last: (int)Math.Floor((s.End + WakeEvaluator.AcceptWindowSeconds * rate - frame) / hop))).ToArray();
        foreach (var (first, last) in windows)
            for (var t = first; t <= last; t++) scores[t] = (float)rng.NextDouble();

        var peaks = WakeEvaluator.WakeWordPeaks(scores, spans, minFrames, settings).ToList();

        Assert.Equal(spans.Length, peaks.Count);
        for (var i = 0; i < spans.Length; i++)
        {
            var (start, end) = spans[i];
            bool Found(double threshold)
            {
                var detections = new List<Detection>();
                new Trigger(new TriggerRule { Threshold = threshold, MinFrames = minFrames, RefractorySeconds = 0 }, hop, frame, rate)
                    .Process(scores, detections);
                return detections.Any(d => d.Seconds >= (double)start / rate && d.Seconds <= (double)end / rate + WakeEvaluator.AcceptWindowSeconds);
            }
            Assert.InRange(peaks[i], 0.01, 1);
            Assert.True(Found(peaks[i]), $"word {i} is found at its peak {peaks[i]}");
            Assert.False(Found(Math.BitIncrement(peaks[i])), $"word {i} is missed just above its peak {peaks[i]}");
        }
    }
}
