using System.Diagnostics;
using Recurrent.Audio;
using Recurrent.Tensors;

namespace Recurrent.Wake;

/// <summary>
/// Measures a detector as it would run live: held-out wake-word clips and other speech are placed over background
/// audio at a fixed SNR (and, as the <see cref="EvaluationConditions"/> ask, turned up or down and sent through an
/// 8 kHz channel), the streams go through the same <see cref="WakeStream"/> (one model's, or an ensemble's) and
/// <see cref="Trigger"/> as <c>rnn wake listen</c>, and detections are counted as events: a wake word is found when
/// a detection falls between its start and 1 s after its end; every other detection is a false accept.
/// </summary>
public static class WakeEvaluator
{
    /// <summary>How late after the word's end a detection still counts: the label span plus a trigger's few frames, rounded up.</summary>
    public const double AcceptWindowSeconds = 1.0;

    /// <summary>Negative audio is generated and scored in pieces of about this long, so an hour never sits in memory.</summary>
    private const double SegmentSeconds = 60;

    /// <summary>
    /// The sweep: steps of 0.05, then ever finer towards 1, because a detector trained with a positive weight
    /// pushes wake-word scores to within 1e-3 of 1 and its low-false-accept operating points lie there.
    /// </summary>
    public static IReadOnlyList<double> Thresholds { get; } =
    [
        0.01, 0.02, .. Enumerable.Range(1, 19).Select(i => Math.Round(i * 0.05, 2)),
        0.97, 0.98, 0.99, 0.995, 0.998, 0.999, 0.9995, 0.9998, 0.9999, 0.99995, 0.99998, 0.99999,
    ];

    /// <param name="chunkSamples">samples per push into the stream, as listen's chunk</param>
    public static WakeEvaluation Evaluate(WakeEnsemble ensemble, WakeClips clips, EvaluationConditions conditions, double hours, TriggerRule rule, ulong seed, int chunkSamples)
    {
        rule.Validate();
        conditions.Validate();
        if (!(hours > 0)) throw new ArgumentException($"--hours must be positive; got {hours}.");
        var rng = new Rng(seed);
        var mixer = new WakeMixer(clips, new MixSettings());
        var rate = clips.SampleRate;
        var channel = conditions.Narrowband ? new NarrowbandChannel(rate) : null;
        var clock = new Stopwatch();
        long audioSamples = 0;

        float[] Score(WakeStream stream, float[] samples)
        {
            var scores = new List<float>(samples.Length / 160 + 1);
            clock.Start();
            for (var start = 0; start < samples.Length; start += chunkSamples)
                scores.AddRange(stream.Push(samples.AsSpan(start, Math.Min(chunkSamples, samples.Length - start))));
            clock.Stop();
            audioSamples += samples.Length;
            return [.. scores];
        }

        // The level and channel change the mixed audio only: the mixer draws the same streams as without them.
        float[] Heard(float[] samples)
        {
            conditions.ApplyLevel(samples);
            return channel?.Apply(samples) ?? samples;
        }

        var (mixed, spans) = mixer.Stream(clips.Positives, conditions.SnrDb, rng);
        var positiveAudio = Heard(mixed);
        var positiveScores = Score(new WakeStream(ensemble), positiveAudio);
        var positiveSeconds = (double)positiveAudio.Length / rate;

        var negativeStream = new WakeStream(ensemble);
        var negativeScores = new List<float>();
        var negativeSamples = 0L;
        var wanted = hours * 3600 * rate;
        while (negativeSamples < wanted)
        {
            var segment = Heard(NegativeSegment(mixer, clips, conditions.SnrDb, rng, rate));
            if (negativeSamples + segment.Length > wanted) segment = segment[..(int)(wanted - negativeSamples)];
            negativeScores.AddRange(Score(negativeStream, segment));
            negativeSamples += segment.Length;
        }

        var settings = ensemble.Features;
        var totalHours = (positiveSeconds + (double)negativeSamples / rate) / 3600;
        DetPoint At(double threshold)
        {
            var thresholdRule = rule with { Threshold = threshold };
            var positiveDetections = Detect(thresholdRule, positiveScores, settings);
            var negativeDetections = Detect(thresholdRule, [.. negativeScores], settings);
            var found = new bool[spans.Count];
            var falseAccepts = negativeDetections.Count;
            foreach (var detection in positiveDetections)
            {
                var hit = spans.FindIndex(s => detection.Seconds >= (double)s.Start / rate && detection.Seconds <= (double)s.End / rate + AcceptWindowSeconds);
                if (hit >= 0) found[hit] = true;
                else falseAccepts++;
            }
            var misses = found.Count(f => !f);
            return new DetPoint(threshold, (double)misses / spans.Count, falseAccepts / totalHours, misses, falseAccepts);
        }

        var thresholds = Thresholds.Concat(WakeWordPeaks(positiveScores, spans, rule.MinFrames, settings))
            .Where(t => t is > 0 and < 1).Distinct().Order();
        var curve = thresholds.Select(At).ToList();
        DetPoint? Best(double maxFalseAccepts) => curve.Where(p => p.FalseAcceptsPerHour <= maxFalseAccepts)
            .OrderBy(p => p.FalseRejectRate).ThenBy(p => p.Threshold).FirstOrDefault();
        return new WakeEvaluation(spans.Count, totalHours, curve, At(rule.Threshold), Best(1), Best(0.5),
            clock.Elapsed.TotalSeconds / ((double)audioSamples / rate));
    }

    /// <summary>
    /// For each wake word, the highest threshold at which the trigger can still fire inside its accept window: the
    /// best over the window's frames of the lowest score among the <paramref name="minFrames"/> frames ending there.
    /// Unless a run that began before the window or a refractory period hides a detection, the false-reject rate
    /// changes only at these values, and false accepts only fall as the threshold rises; so with them in the sweep
    /// the best operating points no longer depend on the fixed grid. Every point is still measured by the trigger.
    /// </summary>
    internal static IEnumerable<double> WakeWordPeaks(float[] scores, IReadOnlyList<(int Start, int End)> spans, int minFrames, FeatureSettings settings)
    {
        var rate = (double)settings.SampleRate;
        foreach (var (start, end) in spans)
        {
            // Frame t ends at (t·hop + frame)/rate seconds; the window runs from the word's start to 1 s after its end.
            var first = Math.Max(minFrames - 1, (int)Math.Ceiling((start - settings.FrameSamples) / (double)settings.HopSamples));
            var last = Math.Min(scores.Length - 1, (int)Math.Floor((end + AcceptWindowSeconds * rate - settings.FrameSamples) / settings.HopSamples));
            var peak = 0f;
            for (var t = first; t <= last; t++)
            {
                var low = float.MaxValue;
                for (var k = t - minFrames + 1; k <= t; k++) low = Math.Min(low, scores[k]);
                peak = Math.Max(peak, low);
            }
            yield return peak;
        }
    }

    private static List<Detection> Detect(TriggerRule rule, float[] scores, FeatureSettings settings)
    {
        var detections = new List<Detection>();
        new Trigger(rule, settings.HopSamples, settings.FrameSamples, settings.SampleRate).Process(scores, detections);
        return detections;
    }

    /// <summary>About a minute of other speech (or, with none given, of background alone) over background.</summary>
    private static float[] NegativeSegment(WakeMixer mixer, WakeClips clips, double snrDb, Rng rng, int rate)
    {
        var chosen = new List<float[]>();
        var seconds = 0.0;
        while (clips.Negatives.Count > 0 && seconds < SegmentSeconds)
        {
            var clip = clips.Negatives[rng.NextInt(clips.Negatives.Count)];
            chosen.Add(clip);
            seconds += (double)clip.Length / rate + 2; // a clip plus the mixer's mean gap
        }
        if (chosen.Count > 0) return mixer.Stream(chosen, snrDb, rng).Samples;
        var silence = new float[(int)(SegmentSeconds * rate)];
        return mixer.Stream([silence], snrDb, rng).Samples;
    }
}
