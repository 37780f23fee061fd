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
        var negativeDraws = new List<int>();               // which negative each placement in the stream is
        var negativeSpans = new List<(long Start, long End)>(); // where, in samples of the whole negative stream
        var negativeSamples = 0L;
        var wanted = hours * 3600 * rate;
        while (negativeSamples < wanted)
        {
            var (mixedSegment, draws) = NegativeSegment(mixer, clips, conditions.SnrDb, rng, rate);
            var segment = Heard(mixedSegment);
            if (negativeSamples + segment.Length > wanted) segment = segment[..(int)(wanted - negativeSamples)];
            foreach (var (clip, start, end) in draws.Where(d => d.Start < segment.Length))
            {
                negativeDraws.Add(clip);
                negativeSpans.Add((negativeSamples + start, negativeSamples + Math.Min(end, segment.Length)));
            }
            negativeScores.AddRange(Score(negativeStream, segment));
            negativeSamples += segment.Length;
        }
        float[] negativeFrames = [.. negativeScores];

        var settings = ensemble.Features;
        var totalHours = (positiveSeconds + (double)negativeSamples / rate) / 3600;
        var positiveSpans = spans.Select(s => ((long)s.Start, (long)s.End)).ToList();
        // At one threshold: which wake words the trigger found, its false accepts in the wake-word stream, and for each
        // false accept in the negative stream the placement whose window it fell in (−1: over background alone).
        (bool[] Found, int PositiveFalseAccepts, List<int> NegativeHits) Run(double threshold)
        {
            var thresholdRule = rule with { Threshold = threshold };
            var found = new bool[spans.Count];
            var positiveFalseAccepts = 0;
            foreach (var detection in Detect(thresholdRule, positiveScores, settings))
            {
                var hit = WindowHolding(positiveSpans, detection.Seconds, rate);
                if (hit >= 0) found[hit] = true;
                else positiveFalseAccepts++;
            }
            var negativeHits = Detect(thresholdRule, negativeFrames, settings).Select(d => WindowHolding(negativeSpans, d.Seconds, rate)).ToList();
            return (found, positiveFalseAccepts, negativeHits);
        }
        DetPoint Point(double threshold, (bool[] Found, int PositiveFalseAccepts, List<int> NegativeHits) run)
        {
            var misses = run.Found.Count(f => !f);
            var falseAccepts = run.PositiveFalseAccepts + run.NegativeHits.Count;
            return new DetPoint(threshold, (double)misses / spans.Count, falseAccepts / totalHours, misses, falseAccepts);
        }
        DetPoint At(double threshold) => Point(threshold, Run(threshold));

        var wakeWordPeaks = Peaks(positiveScores, positiveSpans, rule.MinFrames, settings).ToList();
        var thresholds = Thresholds.Concat(wakeWordPeaks).Where(t => t is > 0 and < 1).Distinct().Order();
        var curve = thresholds.Select(At).ToList();
        DetPoint? Best(double maxFalseAccepts) => curve.Where(p => p.FalseAcceptsPerHour <= maxFalseAccepts)
            .OrderBy(p => p.FalseRejectRate).ThenBy(p => p.Threshold).FirstOrDefault();
        // The two operating points' runs, kept for the clips' errors; at ≤ 1 per hour the default's when none gets that low.
        var defaultRun = Run(rule.Threshold);
        var atDefault = Point(rule.Threshold, defaultRun);
        var atOne = Best(1);
        var (foundAtOne, _, hitsAtOne) = atOne is null || atOne.Threshold == rule.Threshold ? defaultRun : Run(atOne.Threshold);
        var (foundAtDefault, _, hitsAtDefault) = defaultRun;
        var wakeWords = clips.PositiveNames
            .Select((name, i) => new ClipOutcome(name, 1, wakeWordPeaks[i], foundAtOne[i] ? 0 : 1, foundAtDefault[i] ? 0 : 1)).ToList();
        var otherSpeech = OtherSpeechOutcomes(clips.NegativeNames, negativeDraws,
            Peaks(negativeFrames, negativeSpans, rule.MinFrames, settings).ToList(), hitsAtOne, hitsAtDefault);
        return new WakeEvaluation(spans.Count, totalHours, curve, atDefault, atOne, Best(0.5),
            clock.Elapsed.TotalSeconds / ((double)audioSamples / rate), wakeWords, otherSpeech);
    }

    /// <summary>
    /// Per negative clip: how often it was drawn, its highest peak over its draws, and the false accepts that fell in
    /// its windows at the two operating points (<paramref name="hitsAtOne"/> and <paramref name="hitsAtDefault"/> give
    /// each false accept's placement, or −1).
    /// </summary>
    private static List<ClipOutcome> OtherSpeechOutcomes(IReadOnlyList<string> names, List<int> draws, List<double> peaks, List<int> hitsAtOne, List<int> hitsAtDefault)
    {
        var drawn = new int[names.Count];
        var peak = new double[names.Count];
        for (var k = 0; k < draws.Count; k++)
        {
            drawn[draws[k]]++;
            peak[draws[k]] = Math.Max(peak[draws[k]], peaks[k]);
        }
        int[] ErrorsPerClip(List<int> hits)
        {
            var errors = new int[names.Count];
            foreach (var placement in hits.Where(h => h >= 0)) errors[draws[placement]]++;
            return errors;
        }
        var atOne = ErrorsPerClip(hitsAtOne);
        var atDefault = ErrorsPerClip(hitsAtDefault);
        return [.. names.Select((name, c) => new ClipOutcome(name, drawn[c], peak[c], atOne[c], atDefault[c]))];
    }

    /// <summary>
    /// The index of the span whose window, from its start to <see cref="AcceptWindowSeconds"/> after its end, holds
    /// <paramref name="seconds"/>, or −1. Spans lie in order and their windows never overlap: the mixer leaves at least
    /// a second between clips.
    /// </summary>
    internal static int WindowHolding(IReadOnlyList<(long Start, long End)> spans, double seconds, int rate)
    {
        int low = 0, high = spans.Count - 1, last = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if ((double)spans[middle].Start / rate <= seconds)
            {
                last = middle;
                low = middle + 1;
            }
            else high = middle - 1;
        }
        return last >= 0 && seconds <= (double)spans[last].End / rate + AcceptWindowSeconds ? last : -1;
    }

    /// <summary>
    /// For each clip, the highest threshold at which the trigger can still fire inside its accept window: the best
    /// over the window's frames of the lowest score among the <paramref name="minFrames"/> frames ending there.
    /// Unless a run that began before the window or a refractory period hides a detection, a wake word's outcome
    /// changes only at these values, and false accepts only fall as the threshold rises; so with the wake words' peaks
    /// in the sweep the best operating points no longer depend on the fixed grid. Every point is still measured by
    /// the trigger.
    /// </summary>
    internal static IEnumerable<double> Peaks(float[] scores, IReadOnlyList<(long Start, long End)> spans, int minFrames, FeatureSettings settings)
    {
        var rate = (double)settings.SampleRate;
        foreach (var (start, end) in spans)
        {
            // Frame t ends at (t·hop + frame)/rate seconds; the window runs from the clip's start to 1 s after its end.
            var first = Math.Max(minFrames - 1, (int)Math.Ceiling((start - settings.FrameSamples) / (double)settings.HopSamples));
            var last = (int)Math.Min(scores.Length - 1, Math.Floor((end + AcceptWindowSeconds * rate - settings.FrameSamples) / settings.HopSamples));
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

    /// <summary>
    /// About a minute of other speech (or, with none given, of background alone) over background, and which negative
    /// lies where in it.
    /// </summary>
    private static (float[] Samples, List<(int Clip, int Start, int End)> Draws) NegativeSegment(WakeMixer mixer, WakeClips clips, double snrDb, Rng rng, int rate)
    {
        var chosen = new List<int>();
        var seconds = 0.0;
        while (clips.Negatives.Count > 0 && seconds < SegmentSeconds)
        {
            var clip = rng.NextInt(clips.Negatives.Count);
            chosen.Add(clip);
            seconds += (double)clips.Negatives[clip].Length / rate + 2; // a clip plus the mixer's mean gap
        }
        if (chosen.Count > 0)
        {
            var (samples, spans) = mixer.Stream([.. chosen.Select(c => clips.Negatives[c])], snrDb, rng);
            return (samples, [.. chosen.Select((c, i) => (c, spans[i].Start, spans[i].End))]);
        }
        var silence = new float[(int)(SegmentSeconds * rate)];
        return (mixer.Stream([silence], snrDb, rng).Samples, []);
    }
}
