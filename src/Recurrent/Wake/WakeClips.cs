using Recurrent.Audio;

namespace Recurrent.Wake;

/// <summary>
/// The audio a wake-word run draws from: wake-word clips, other speech, and background recordings, every WAV file
/// of each folder read at the model's rate. Every recording is centred (its mean, a DC offset, subtracted): an offset
/// is the recording device's, not the sound's, and a clip that keeps one makes a step at each end when it is laid
/// over other audio, which no microphone does live; it would also pass for sound in the silence trimming. Clips are
/// then trimmed of leading and trailing silence so that "the word ends here" is where the speech ends, not where
/// the recording stopped. Other speech sorted into one subfolder per word (<c>negatives/six/*.wav</c>) carries that
/// word, for a run that learns to tell the words apart (<see cref="WakeTrainingOptions.WordLossWeight"/>).
/// </summary>
public sealed class WakeClips
{
    /// <summary>10 ms blocks quieter than 5% of the clip's loudest block count as silence (−26 dB).</summary>
    private const double SilenceRatio = 0.05;

    /// <param name="negativeWords">for each negative, its index in <paramref name="wordNames"/> or −1 (no word); null: none has one</param>
    /// <param name="wordNames">the words the negatives are sorted into; null: none</param>
    /// <param name="positiveNames">what to call each wake-word clip in reports (its file); null: "wake word 1", …</param>
    /// <param name="negativeNames">likewise for each negative; null: "other speech 1", …</param>
    public WakeClips(IReadOnlyList<float[]> positives, IReadOnlyList<float[]> negatives, IReadOnlyList<float[]> backgrounds, int sampleRate,
        IReadOnlyList<int>? negativeWords = null, IReadOnlyList<string>? wordNames = null,
        IReadOnlyList<string>? positiveNames = null, IReadOnlyList<string>? negativeNames = null)
    {
        if (positives.Count == 0) throw new ArgumentException("No wake-word clips.");
        Positives = positives;
        Negatives = negatives;
        Backgrounds = backgrounds;
        SampleRate = sampleRate;
        WordNames = wordNames ?? [];
        NegativeWords = negativeWords ?? [.. negatives.Select(_ => -1)];
        if (NegativeWords.Count != negatives.Count) throw new ArgumentException($"{NegativeWords.Count} word indices for {negatives.Count} negatives.");
        if (NegativeWords.Any(w => w < -1 || w >= WordNames.Count)) throw new ArgumentException($"A word index is outside the {WordNames.Count} words.");
        PositiveNames = positiveNames ?? [.. positives.Select((_, i) => $"wake word {i + 1}")];
        NegativeNames = negativeNames ?? [.. negatives.Select((_, i) => $"other speech {i + 1}")];
        if (PositiveNames.Count != positives.Count || NegativeNames.Count != negatives.Count)
            throw new ArgumentException($"{PositiveNames.Count} and {NegativeNames.Count} names for {positives.Count} wake-word clips and {negatives.Count} negatives.");
    }

    public IReadOnlyList<float[]> Positives { get; }

    public IReadOnlyList<float[]> Negatives { get; }

    /// <summary>Each wake-word clip's file, relative to its folder ("7_nicolas_43.wav"), as evaluation reports name it.</summary>
    public IReadOnlyList<string> PositiveNames { get; }

    /// <summary>Each negative's file, relative to its folder ("five/5_george_3.wav").</summary>
    public IReadOnlyList<string> NegativeNames { get; }

    /// <summary>For each negative, its index in <see cref="WordNames"/>, or −1 when it lies outside every word's subfolder.</summary>
    public IReadOnlyList<int> NegativeWords { get; }

    /// <summary>The subfolders of the negatives' folder that hold clips, in ordinal order; empty when none does.</summary>
    public IReadOnlyList<string> WordNames { get; }

    /// <summary>Empty means generated noise.</summary>
    public IReadOnlyList<float[]> Backgrounds { get; }

    public int SampleRate { get; }

    /// <param name="positives">folder of wake-word WAV files (required, at least one file)</param>
    /// <param name="negatives">folder of other speech, or null</param>
    /// <param name="background">folder of background recordings, or null for generated noise</param>
    public static WakeClips Load(string positives, string? negatives, string? background, int sampleRate)
    {
        var wake = ReadFiles(positives, "--positives", sampleRate, trim: true).ToList();
        if (wake.Count == 0) throw new FileNotFoundException($"{positives}: no .wav files (the wake-word clips are needed).");
        var (other, words, names, files) = negatives is null ? ([], [], [], []) : ReadWords(negatives, sampleRate);
        return new WakeClips([.. wake.Select(w => w.Clip)], other,
            background is null ? [] : ReadFolder(background, "--background", sampleRate, trim: false),
            sampleRate, words, names, [.. wake.Select(w => NameIn(positives, w.File))], files);
    }

    /// <summary>The file's path below <paramref name="folder"/>, with forward slashes on every system.</summary>
    private static string NameIn(string folder, string file) => Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>
    /// The negatives as <see cref="ReadFolder"/> reads them, each with the subfolder it lies under (its word: the first
    /// folder of its path below <paramref name="folder"/>), or −1 for a file directly in it, and its name.
    /// </summary>
    private static (List<float[]> Clips, List<int> Words, List<string> Names, List<string> Files) ReadWords(string folder, int sampleRate)
    {
        var read = ReadFiles(folder, "--negatives", sampleRate, trim: true).Select(f => (f.Clip, f.File, Word: WordOf(folder, f.File))).ToList();
        var names = read.Where(r => r.Word is not null).Select(r => r.Word!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return ([.. read.Select(r => r.Clip)], [.. read.Select(r => r.Word is null ? -1 : names.IndexOf(r.Word))], names,
            [.. read.Select(r => NameIn(folder, r.File))]);
    }

    /// <summary>The first folder of <paramref name="file"/>'s path below <paramref name="folder"/>, or null for a file directly in it.</summary>
    private static string? WordOf(string folder, string file)
    {
        var relative = Path.GetRelativePath(folder, file);
        var separator = relative.IndexOfAny([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]);
        return separator < 0 ? null : relative[..separator];
    }

    /// <summary>Every *.wav under <paramref name="folder"/>, in ordinal path order so runs are reproducible.</summary>
    public static List<float[]> ReadFolder(string folder, string option, int sampleRate, bool trim) =>
        [.. ReadFiles(folder, option, sampleRate, trim).Select(f => f.Clip)];

    /// <summary>Each file's path and its centred (and, with <paramref name="trim"/>, trimmed) samples; silent files are skipped.</summary>
    private static IEnumerable<(string File, float[] Clip)> ReadFiles(string folder, string option, int sampleRate, bool trim)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such folder (given as {option}).");
        var files = Directory.GetFiles(folder, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var samples = WavFile.Read(file, sampleRate).Samples;
            RemoveOffset(samples);
            var kept = trim ? TrimSilence(samples, sampleRate) : samples;
            if (kept.Length > 0) yield return (file, kept);
        }
    }

    /// <summary>Subtracts the mean (summed in double) from every sample, in place.</summary>
    private static void RemoveOffset(Span<float> samples)
    {
        if (samples.Length == 0) return;
        var sum = 0.0;
        foreach (var x in samples) sum += x;
        var mean = (float)(sum / samples.Length);
        for (var i = 0; i < samples.Length; i++) samples[i] -= mean;
    }

    /// <summary>The clip from its first to its last block louder than 5% of its loudest block.</summary>
    public static float[] TrimSilence(float[] samples, int sampleRate)
    {
        var block = Math.Max(1, sampleRate / 100);
        var blocks = (samples.Length + block - 1) / block;
        var rms = new double[blocks];
        for (var b = 0; b < blocks; b++)
        {
            var span = samples.AsSpan(b * block, Math.Min(block, samples.Length - b * block));
            var sum = 0.0;
            foreach (var x in span) sum += (double)x * x;
            rms[b] = Math.Sqrt(sum / span.Length);
        }
        var loudest = blocks == 0 ? 0 : rms.Max();
        if (loudest == 0) return [];
        var first = Array.FindIndex(rms, r => r >= SilenceRatio * loudest);
        var last = Array.FindLastIndex(rms, r => r >= SilenceRatio * loudest);
        var start = first * block;
        var end = Math.Min(samples.Length, (last + 1) * block);
        return samples[start..end];
    }
}
