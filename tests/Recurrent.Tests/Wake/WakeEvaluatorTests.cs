using Recurrent.Audio;
using Recurrent.Models;
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
        (long Start, long End)[] spans = [(8000, 16000), (48000, 52000), (80000, 91000)];
        var scores = new float[900];
        var rng = new Rng(7);
        var windows = spans.Select(s => (
            First: Math.Max(minFrames - 1, (int)Math.Ceiling((s.Start - frame) / (double)hop)),
            Last: (int)Math.Floor((s.End + WakeEvaluator.AcceptWindowSeconds * rate - frame) / hop))).ToArray();
        foreach (var (first, last) in windows)
            for (var t = first; t <= last; t++) scores[t] = (float)rng.NextDouble();

        var peaks = WakeEvaluator.Peaks(scores, spans, minFrames, settings).ToList();

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

    [Fact]
    public void WindowHoldingFindsTheClipWhoseWindowHoldsTheTime()
    {
        // At 16 kHz: clips over 1–1.5 s and 3–3.5 s, so windows 1–2.5 s and 3–4.5 s.
        (long Start, long End)[] spans = [(16000, 24000), (48000, 56000)];

        int Holding(double seconds) => WakeEvaluator.WindowHolding(spans, seconds, 16000);

        Assert.Equal(-1, Holding(0.5));
        Assert.Equal(0, Holding(1.0));
        Assert.Equal(0, Holding(2.5));
        Assert.Equal(-1, Holding(2.6));
        Assert.Equal(1, Holding(3.2));
        Assert.Equal(1, Holding(4.5));
        Assert.Equal(-1, Holding(10));
        Assert.Equal(-1, WakeEvaluator.WindowHolding([], 1, 16000));
    }

    /// <summary>
    /// An untrained model over tone "words", its threshold put among the wake words' peaks so that some are missed:
    /// every clip's outcome keeps its name and order, the wake words' errors add up to the operating points' misses,
    /// the other speech's to at most their false accepts, and errors agree with peaks (a wake word below the threshold
    /// is missed; a clip with a false accept in its window peaks at or above it).
    /// </summary>
    [Fact]
    public void ClipOutcomesAddUpToTheOperatingPointsAndAgreeWithThePeaks()
    {
        string[] wakeNames = ["w0.wav", "w1.wav", "w2.wav", "w3.wav", "w4.wav", "w5.wav"];
        string[] otherNames = ["five/a.wav", "six/b.wav", "c.wav"];
        var clips = new WakeClips(
            [.. wakeNames.Select((_, i) => WakeMixerTests.Tone(600 + 80 * i, 0.3))],
            [.. otherNames.Select((_, i) => WakeMixerTests.Tone(300 + 70 * i, 0.25))],
            [], 16000, positiveNames: wakeNames, negativeNames: otherNames);
        var ensemble = new WakeEnsemble([new WakeModel<float>(new WakeModelConfig { ConvChannels = 8, HiddenSize = 6 }, new Rng(3))]);
        WakeEvaluation Evaluate(double threshold) => WakeEvaluator.Evaluate(ensemble, clips, new EvaluationConditions(), 0.02,
            new TriggerRule { Threshold = threshold, MinFrames = 2, RefractorySeconds = 0.2 }, 5, 1280);
        var first = Evaluate(0.5);
        var peaks = first.WakeWords.Select(c => c.Peak).Order().ToArray();
        var threshold = (peaks[2] + peaks[3]) / 2;

        var result = Evaluate(threshold);

        Assert.Equal(wakeNames, result.WakeWords.Select(c => c.Clip));
        Assert.Equal(otherNames, result.OtherSpeech.Select(c => c.Clip));
        Assert.All(result.WakeWords, c => Assert.Equal(1, c.Draws));
        Assert.True(result.OtherSpeech.Sum(c => c.Draws) > 10, "a minute of other speech draws many clips");
        var atOne = result.AtOneFalseAcceptPerHour ?? result.AtDefaultThreshold;
        Assert.Equal(result.AtDefaultThreshold.Misses, result.WakeWords.Sum(c => c.ErrorsAtDefaultThreshold));
        Assert.Equal(atOne.Misses, result.WakeWords.Sum(c => c.ErrorsAtOneFalseAcceptPerHour));
        Assert.True(result.AtDefaultThreshold.Misses >= 3, "the three wake words below the threshold are missed");
        Assert.All(result.WakeWords.Where(c => c.Peak < threshold), c => Assert.Equal(1, c.ErrorsAtDefaultThreshold));
        Assert.All(result.WakeWords.Where(c => c.Peak < atOne.Threshold), c => Assert.Equal(1, c.ErrorsAtOneFalseAcceptPerHour));
        var otherFalseAccepts = result.OtherSpeech.Sum(c => c.ErrorsAtDefaultThreshold);
        Assert.InRange(otherFalseAccepts, 1, result.AtDefaultThreshold.FalseAccepts);
        Assert.InRange(result.OtherSpeech.Sum(c => c.ErrorsAtOneFalseAcceptPerHour), 0, atOne.FalseAccepts);
        Assert.All(result.OtherSpeech.Where(c => c.ErrorsAtDefaultThreshold > 0), c => Assert.True(c.Peak >= threshold, $"{c.Clip} fired below its peak {c.Peak}"));
        Assert.All(result.OtherSpeech.Where(c => c.Draws == 0), c => Assert.Equal((0.0, 0), (c.Peak, c.ErrorsAtDefaultThreshold)));
    }
}
