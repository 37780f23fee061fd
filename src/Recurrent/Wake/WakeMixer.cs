using System.Collections.Concurrent;
using Recurrent.Audio;
using Recurrent.Tensors;

namespace Recurrent.Wake;

/// <summary>
/// Builds audio on the fly: wake-word and other-speech clips, perturbed in gain, speed and pitch, placed at random
/// offsets over background audio (or generated noise) at a random signal-to-noise ratio. Every random choice comes
/// from the caller's <see cref="Rng"/>, so a run is reproducible and a resumed run continues the same sequence.
/// Examples may be mixed on several threads at once, each with its own <see cref="Rng"/>.
/// </summary>
public sealed class WakeMixer
{
    private readonly WakeClips _clips;
    private readonly MixSettings _settings;
    private readonly ConcurrentDictionary<int, Resampler> _resamplers = [];
    private readonly NarrowbandChannel? _narrowband;
    private double[]? _hardnessSums; // running sums of the negatives' hardness, for the hard share of draws; null: none yet

    public WakeMixer(WakeClips clips, MixSettings settings)
    {
        _clips = clips;
        _settings = settings;
        // Long clips get longer examples: the word and the labelled span after it must fit.
        var longest = clips.Positives.Concat(clips.Negatives).Max(c => c.Length) * (1 + settings.SpeedRange);
        ExampleSamples = (int)Math.Max(settings.ExampleSeconds * clips.SampleRate, longest + 0.5 * clips.SampleRate);
        if (settings.NarrowbandProbability > 0 && clips.SampleRate > NarrowbandChannel.Rate) _narrowband = new NarrowbandChannel(clips.SampleRate);
    }

    public int SampleRate => _clips.SampleRate;

    /// <summary>The words the other speech is sorted into (<see cref="WakeClips.WordNames"/>).</summary>
    public IReadOnlyList<string> WordNames => _clips.WordNames;

    /// <summary>Samples in each training example.</summary>
    public int ExampleSamples { get; }

    /// <summary>The other-speech clips the examples draw from (<see cref="WakeClips.Negatives"/>).</summary>
    public IReadOnlyList<float[]> Negatives => _clips.Negatives;

    /// <summary>
    /// From now on the hard share of other-speech draws (<see cref="MixSettings.HardNegativeShare"/>) picks each clip in
    /// proportion to its <paramref name="hardness"/> (<see cref="NegativeHardness"/>); all zero leaves them uniform.
    /// Not while examples are being mixed.
    /// </summary>
    public void SetNegativeHardness(ReadOnlySpan<float> hardness)
    {
        if (hardness.Length != _clips.Negatives.Count)
            throw new ArgumentException($"{hardness.Length} hardness values for {_clips.Negatives.Count} clips of other speech.");
        var sums = new double[hardness.Length];
        var total = 0.0;
        for (var i = 0; i < hardness.Length; i++)
        {
            total += Math.Max(0, hardness[i]);
            sums[i] = total;
        }
        _hardnessSums = total > 0 ? sums : null;
    }

    /// <summary>
    /// One training example: the mixed samples and the sample index where each wake word in it ends. With
    /// <paramref name="wordEnds"/>, also adds where each other clip with a word ends and that word's index
    /// (<see cref="WakeClips.NegativeWords"/>); the draws are the same either way.
    /// </summary>
    public (float[] Samples, List<int> WakeEnds) NextExample(Rng rng, List<(int End, int Word)>? wordEnds = null)
    {
        var length = ExampleSamples;
        var speechRms = MixSettings.NominalSpeechRms * Math.Pow(10, Uniform(rng, -_settings.GainRangeDb, _settings.GainRangeDb) / 20);
        var snr = Uniform(rng, _settings.MinSnrDb, _settings.MaxSnrDb);
        var samples = Background(rng, length, speechRms * Math.Pow(10, -snr / 20));
        var wakeEnds = new List<int>();
        var taken = new List<(int Start, int End)>();
        if (rng.NextDouble() < _settings.PositiveProbability)
        {
            var clip = Perturb(_clips.Positives[rng.NextInt(_clips.Positives.Count)], rng);
            var start = rng.NextInt(Math.Max(1, length - clip.Length));
            Add(samples, clip, start, speechRms);
            taken.Add((start, start + clip.Length));
            if (start + clip.Length <= length) wakeEnds.Add(start + clip.Length);
        }
        for (var draw = 0; draw < _settings.NegativeDraws && _clips.Negatives.Count > 0; draw++)
        {
            if (rng.NextDouble() >= _settings.NegativeProbability) continue;
            var index = DrawNegative(rng);
            var clip = Perturb(_clips.Negatives[index], rng);
            var start = rng.NextInt(Math.Max(1, length - clip.Length));
            // Speech must not overlap other speech, or the wake word's label would lie.
            if (taken.Exists(t => start < t.End && start + clip.Length > t.Start)) continue;
            Add(samples, clip, start, speechRms);
            taken.Add((start, start + clip.Length));
            if (wordEnds is not null && _clips.NegativeWords[index] >= 0 && start + clip.Length <= length)
                wordEnds.Add((start + clip.Length, _clips.NegativeWords[index]));
        }
        Clip(samples);
        // Drawn last and only when enabled, so a run without it draws the same examples as before it existed.
        if (_narrowband is not null && rng.NextDouble() < _settings.NarrowbandProbability) samples = _narrowband.Apply(samples);
        return (samples, wakeEnds);
    }

    /// <summary>
    /// A test stream: the clips one after another, each after a gap of 1–3 s, at their recorded speed and pitch,
    /// at RMS 0.05, over background at <paramref name="snrDb"/>. Returns the samples and each clip's span.
    /// </summary>
    public (float[] Samples, List<(int Start, int End)> Spans) Stream(IReadOnlyList<float[]> clips, double snrDb, Rng rng)
    {
        var starts = new List<int>();
        var position = 0;
        foreach (var clip in clips)
        {
            position += (int)(Uniform(rng, 1, 3) * SampleRate);
            starts.Add(position);
            position += clip.Length;
        }
        position += SampleRate;
        var samples = Background(rng, position, MixSettings.NominalSpeechRms * Math.Pow(10, -snrDb / 20));
        var spans = new List<(int, int)>();
        for (var i = 0; i < clips.Count; i++)
        {
            Add(samples, clips[i], starts[i], MixSettings.NominalSpeechRms);
            spans.Add((starts[i], starts[i] + clips[i].Length));
        }
        Clip(samples);
        return (samples, spans);
    }

    /// <summary>
    /// Frame labels for an example: 1 for frames that end within <paramref name="spanSamples"/> after a wake word
    /// ends (the model should fire once it has heard the whole word, and only then), 0 elsewhere.
    /// Frame t ends at sample t·hop + n_fft.
    /// </summary>
    public static void Labels(Span<float> labels, IReadOnlyList<int> wakeEnds, int hopSamples, int frameSamples, int spanSamples)
    {
        labels.Clear();
        for (var t = 0; t < labels.Length; t++)
        {
            var end = t * hopSamples + frameSamples;
            foreach (var wakeEnd in wakeEnds)
                if (end >= wakeEnd && end < wakeEnd + spanSamples) labels[t] = 1;
        }
    }

    /// <summary>
    /// Word targets for an example, as <see cref="Labels"/> places the wake word's: frames that end within
    /// <paramref name="spanSamples"/> after a word ends get that word's index, after a wake word
    /// <paramref name="wakeWord"/>, and every other frame <paramref name="none"/> (the loss ignores it).
    /// </summary>
    public static void WordTargets(Span<int> targets, IReadOnlyList<int> wakeEnds, IReadOnlyList<(int End, int Word)> wordEnds, int wakeWord,
        int hopSamples, int frameSamples, int spanSamples, int none)
    {
        targets.Fill(none);
        for (var t = 0; t < targets.Length; t++)
        {
            var end = t * hopSamples + frameSamples;
            foreach (var (wordEnd, word) in wordEnds)
                if (end >= wordEnd && end < wordEnd + spanSamples) targets[t] = word;
            foreach (var wakeEnd in wakeEnds)
                if (end >= wakeEnd && end < wakeEnd + spanSamples) targets[t] = wakeWord;
        }
    }

    /// <summary>
    /// Which clip of other speech to add: uniformly, or, for the hard share of draws once hardness is known, in
    /// proportion to it. Without a hard share it draws exactly as before the option existed.
    /// </summary>
    private int DrawNegative(Rng rng)
    {
        var count = _clips.Negatives.Count;
        if (!(_settings.HardNegativeShare > 0 && rng.NextDouble() < _settings.HardNegativeShare && _hardnessSums is { } sums))
            return rng.NextInt(count);
        // The first clip whose running sum exceeds a uniform point of the total: clip i owns [sums[i−1], sums[i]).
        var point = rng.NextDouble() * sums[^1];
        int low = 0, high = count - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sums[middle] > point) high = middle;
            else low = middle + 1;
        }
        return low;
    }

    /// <summary>Background at the given RMS: a random stretch of a recording (looped if short), or coloured noise.</summary>
    private float[] Background(Rng rng, int length, double rms)
    {
        var result = new float[length];
        if (_clips.Backgrounds.Count > 0)
        {
            var source = _clips.Backgrounds[rng.NextInt(_clips.Backgrounds.Count)];
            var offset = rng.NextInt(source.Length);
            for (var i = 0; i < length; i++) result[i] = source[(offset + i) % source.Length];
        }
        else
        {
            // White noise through a one-pole low-pass of random strength: from hiss to rumble.
            var pole = Uniform(rng, 0, 0.95);
            var y = 0.0;
            for (var i = 0; i < length; i++)
            {
                y = pole * y + (1 - pole) * rng.NextNormal();
                result[i] = (float)y;
            }
        }
        Scale(result, rms);
        return result;
    }

    /// <summary>
    /// The onset trim (<see cref="MixSettings.OnsetTrimSeconds"/>), then speed (resampling: tempo and pitch) and
    /// "pitch" (resampling then stretching back to length, which moves the formants, and the fundamental only with
    /// <see cref="MixSettings.AlignedStretch"/>: see <see cref="MixSettings.PitchSemitones"/>).
    /// </summary>
    private float[] Perturb(float[] clip, Rng rng)
    {
        // Drawn only when enabled, so a run without it draws the same examples as before it existed.
        if (_settings.OnsetTrimSeconds > 0)
            clip = clip[(int)Math.Min(clip.Length / 2, Uniform(rng, 0, _settings.OnsetTrimSeconds) * SampleRate)..];
        var speed = 1 + Uniform(rng, -_settings.SpeedRange, _settings.SpeedRange);
        var pitch = Math.Pow(2, Uniform(rng, -_settings.PitchSemitones, _settings.PitchSemitones) / 12);
        var resampled = ResamplerFor(speed * pitch).Process(clip);
        // Resampling by speed·pitch made the clip speed·pitch times shorter; stretch by pitch to leave only the speed change.
        if (pitch == 1) return resampled;
        var ratio = (double)clip.Length / speed / Math.Max(1, resampled.Length);
        return _settings.AlignedStretch ? TimeStretch.ApplyAligned(resampled, ratio, SampleRate) : TimeStretch.Apply(resampled, ratio, SampleRate);
    }

    /// <summary>
    /// Playing a clip <paramref name="factor"/> times faster is resampling it from R to R/factor. The target rate is
    /// rounded to a multiple of R/100, so the reduced ratio stays small (≤ 100 phases) and resamplers are reused.
    /// </summary>
    private Resampler ResamplerFor(double factor)
    {
        var step = Math.Max(1, SampleRate / 100);
        var target = Math.Max(step, (int)Math.Round(SampleRate / factor / step) * step);
        return _resamplers.GetOrAdd(target, t => new Resampler(SampleRate, t));
    }

    /// <summary>Adds the clip at <paramref name="rms"/>; a silent clip adds nothing (it has no level to scale).</summary>
    private static void Add(float[] samples, float[] clip, int start, double rms)
    {
        var level = Rms(clip);
        if (level == 0) return;
        var scale = rms / level;
        for (var i = 0; i < clip.Length && start + i < samples.Length; i++) samples[start + i] += (float)(clip[i] * scale);
    }

    private static void Scale(float[] samples, double rms)
    {
        var current = Rms(samples);
        if (current == 0) return;
        var scale = (float)(rms / current);
        for (var i = 0; i < samples.Length; i++) samples[i] *= scale;
    }

    /// <summary>Keeps samples in [−1, 1], as a real recording would.</summary>
    private static void Clip(float[] samples)
    {
        for (var i = 0; i < samples.Length; i++) samples[i] = Math.Clamp(samples[i], -1f, 1f);
    }

    private static double Rms(ReadOnlySpan<float> samples)
    {
        var sum = 0.0;
        foreach (var x in samples) sum += (double)x * x;
        return samples.Length == 0 ? 0 : Math.Sqrt(sum / samples.Length);
    }

    internal static double Uniform(Rng rng, double low, double high) => low + (high - low) * rng.NextDouble();
}
