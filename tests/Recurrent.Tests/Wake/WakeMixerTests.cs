using Recurrent.Tensors;
using Recurrent.Wake;

namespace Recurrent.Tests.Wake;

public class WakeMixerTests
{
    internal static float[] Tone(double frequency, double seconds, int rate = 16000) =>
        Enumerable.Range(0, (int)(seconds * rate)).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * frequency * i / rate))).ToArray();

    internal static double Rms(float[] samples) => Math.Sqrt(samples.Sum(x => (double)x * x) / samples.Length);

    internal static WakeClips ToneClips() => new([Tone(900, 0.4), Tone(1100, 0.35)], [Tone(300, 0.4)], [], 16000);

    [Fact]
    public void LabelsMarkFramesEndingWithinTheSpanAfterEachWakeWord()
    {
        var labels = new float[20];
        // hop 10, frame 25: frame t ends at 10t + 25. Word ends at 100, span 30: frames ending in [100, 130).
        WakeMixer.Labels(labels, [100], 10, 25, 30);
        var ones = Enumerable.Range(0, 20).Where(t => labels[t] == 1).ToArray();
        Assert.Equal([8, 9, 10], ones);
    }

    [Fact]
    public void WordTargetsNameTheWordThatEndedAndIgnoreTheRest()
    {
        var targets = new int[30];
        // hop 10, frame 25: frame t ends at 10t + 25. Word 3 ends at 100 and the wake word (class 9) at 200, span 30.
        WakeMixer.WordTargets(targets, [200], [(100, 3)], wakeWord: 9, 10, 25, 30, none: -100);
        Assert.Equal([8, 9, 10], Enumerable.Range(0, 30).Where(t => targets[t] == 3));
        Assert.Equal([18, 19, 20], Enumerable.Range(0, 30).Where(t => targets[t] == 9));
        Assert.Equal(24, targets.Count(x => x == -100));
    }

    [Fact]
    public void AskingForWordEndsLeavesTheExampleAsItWas()
    {
        var tone = Tone(300, 0.2);
        var clips = new WakeClips([Tone(900, 0.3)], [tone, tone, tone], [], 16000, [0, -1, 1], ["a", "b"]);
        var mixer = new WakeMixer(clips, new MixSettings { NegativeProbability = 1, ExampleSeconds = 4 });
        var found = 0;
        for (ulong seed = 0; seed < 20; seed++)
        {
            var ends = new List<(int End, int Word)>();
            var plain = mixer.NextExample(new Rng(seed));
            var withEnds = mixer.NextExample(new Rng(seed), ends);

            Assert.Equal(plain.Samples, withEnds.Samples);
            Assert.Equal(plain.WakeEnds, withEnds.WakeEnds);
            Assert.All(ends, e => Assert.InRange(e.End, 1, plain.Samples.Length));
            Assert.All(ends, e => Assert.Contains(e.Word, new[] { 0, 1 }));
            found += ends.Count;
        }
        Assert.True(found > 0, "no word ends in 20 examples with two draws each");
    }

    [Fact]
    public void ExamplesAreReproducibleFromTheSeedAndWakeEndsLieInside()
    {
        var mixer = new WakeMixer(ToneClips(), new MixSettings { PositiveProbability = 1 });
        var first = mixer.NextExample(new Rng(3));
        var second = mixer.NextExample(new Rng(3));

        Assert.Equal(first.Samples, second.Samples);
        Assert.Equal(mixer.ExampleSamples, first.Samples.Length);
        var end = Assert.Single(first.WakeEnds);
        Assert.InRange(end, 1, first.Samples.Length);
        Assert.All(first.Samples, x => Assert.InRange(x, -1f, 1f));
    }

    [Fact]
    public void StreamPlacesEveryClipAtItsSpanOverBackground()
    {
        var clips = ToneClips();
        var mixer = new WakeMixer(clips, new MixSettings());
        var (samples, spans) = mixer.Stream(clips.Positives, snrDb: 40, new Rng(4));

        Assert.Equal(2, spans.Count);
        Assert.True(spans[0].End < spans[1].Start);
        // At 40 dB SNR the tone dominates inside its span; outside, only faint noise remains.
        Assert.InRange(Rms(samples[spans[0].Start..spans[0].End]), 0.045, 0.055);
        Assert.True(Rms(samples[..spans[0].Start]) < 0.005);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(60)]
    public void BackgroundLiesTheDrawnSnrBelowTheSpeechLevel(double snrDb)
    {
        // No clips and no gain change: an example is background alone, at the nominal speech level less the SNR.
        var settings = new MixSettings { PositiveProbability = 0, NegativeProbability = 0, GainRangeDb = 0, MinSnrDb = snrDb, MaxSnrDb = snrDb };
        var samples = new WakeMixer(ToneClips(), settings).NextExample(new Rng(5)).Samples;

        var rms = Rms(samples);
        Assert.Equal(MixSettings.NominalSpeechRms * Math.Pow(10, -snrDb / 20), rms, 1e-3 * rms);
    }

    [Fact]
    public void SnrIsDrawnAcrossTheWholeRange()
    {
        var settings = new MixSettings { PositiveProbability = 0, NegativeProbability = 0, GainRangeDb = 0, MinSnrDb = 10, MaxSnrDb = 50 };
        var mixer = new WakeMixer(ToneClips(), settings);
        var rng = new Rng(6);
        var snrs = Enumerable.Range(0, 40).Select(_ =>
        {
            var samples = mixer.NextExample(rng).Samples;
            return 20 * Math.Log10(MixSettings.NominalSpeechRms / Rms(samples));
        }).ToArray();

        Assert.All(snrs, snr => Assert.InRange(snr, 10 - 1e-6, 50 + 1e-6));
        Assert.True(snrs.Min() < 20 && snrs.Max() > 40, $"SNRs drawn from {snrs.Min():F1} to {snrs.Max():F1} dB only");
    }

    [Fact]
    public void SpeechLevelIsDrawnAcrossTheGainRange()
    {
        // Wake words alone over a background 100 dB down: each example's level is its speech level.
        var settings = new MixSettings { PositiveProbability = 1, NegativeProbability = 0, GainRangeDb = 20, MinSnrDb = 100, MaxSnrDb = 100, SpeedRange = 0, PitchSemitones = 0 };
        var mixer = new WakeMixer(new WakeClips([Tone(900, 1.0)], [], [], 16000), settings);
        var rng = new Rng(7);
        var levels = Enumerable.Range(0, 40).Select(_ =>
        {
            var (samples, ends) = mixer.NextExample(rng);
            var clip = samples[(ends[0] - 16000)..ends[0]];
            return 20 * Math.Log10(Rms(clip) / MixSettings.NominalSpeechRms);
        }).ToArray();

        Assert.All(levels, db => Assert.InRange(db, -20 - 1e-3, 20 + 1e-3));
        Assert.True(levels.Min() < -10 && levels.Max() > 10, $"levels drawn from {levels.Min():F1} to {levels.Max():F1} dB only");
    }

    /// <summary>
    /// A 1 s tone, trimmed by up to 0.2 s, sounds for 0.8 to 1 s before its end, over the whole range; a 0.4 s tone
    /// with up to 0.5 s asked loses at most half. Without the option every example keeps the whole clip.
    /// </summary>
    [Theory]
    [InlineData(1.0, 0.2, 0.8, 1.0)]
    [InlineData(0.4, 0.5, 0.2, 0.4)]
    [InlineData(1.0, 0.0, 1.0, 1.0)]
    public void OnsetTrimShortensEachClipFromItsStart(double clipSeconds, double trimSeconds, double shortest, double longest)
    {
        var settings = new MixSettings { PositiveProbability = 1, NegativeProbability = 0, GainRangeDb = 0, MinSnrDb = 100, MaxSnrDb = 100, SpeedRange = 0, PitchSemitones = 0, OnsetTrimSeconds = trimSeconds };
        var mixer = new WakeMixer(new WakeClips([Tone(900, clipSeconds)], [], [], 16000), settings);
        var rng = new Rng(9);
        var lengths = Enumerable.Range(0, 40).Select(_ =>
        {
            var (samples, ends) = mixer.NextExample(rng);
            // The tone's peak is 0.07 and the background 100 dB under it: its first sample above 1e-3 is its start.
            var start = Array.FindIndex(samples, x => Math.Abs(x) > 1e-3);
            return (ends[0] - start) / 16000.0;
        }).ToArray();

        Assert.All(lengths, s => Assert.InRange(s, shortest - 0.001, longest + 0.001));
        Assert.True(lengths.Min() < shortest + 0.2 * (longest - shortest) + 0.001 && lengths.Max() > longest - 0.2 * (longest - shortest) - 0.001,
            $"lengths from {lengths.Min():F3} to {lengths.Max():F3} s only");
    }

    /// <summary>
    /// A 150 Hz tone, a voice's fundamental, through ±3 semitones of "pitch" at constant speed: stretched back by plain
    /// overlap-add it stays near 150 Hz whatever was drawn; with the aligned stretch it moves by the drawn factor.
    /// </summary>
    [Theory]
    [InlineData(false, 145, 155)]
    [InlineData(true, 126, 179)]
    public void OnlyTheAlignedStretchMovesTheFundamental(bool aligned, double lowest, double highest)
    {
        var settings = new MixSettings { PositiveProbability = 1, NegativeProbability = 0, GainRangeDb = 0, MinSnrDb = 100, MaxSnrDb = 100, SpeedRange = 0, PitchSemitones = 3, AlignedStretch = aligned };
        var mixer = new WakeMixer(new WakeClips([Tone(150, 1.0)], [], [], 16000), settings);
        var rng = new Rng(11);
        var frequencies = Enumerable.Range(0, 12).Select(_ =>
        {
            var (samples, ends) = mixer.NextExample(rng);
            var inside = samples[(ends[0] - 12000)..(ends[0] - 2000)];
            var crossings = Enumerable.Range(1, inside.Length - 1).Count(i => inside[i - 1] < 0 && inside[i] >= 0);
            return crossings * 16000.0 / inside.Length;
        }).ToArray();

        Assert.All(frequencies, f => Assert.InRange(f, lowest, highest));
        // Aligned, the draws must spread over most of ±3 semitones (150 · 2^(±3/12) = 126 to 178 Hz), not sit at 150.
        if (aligned) Assert.True(frequencies.Max() - frequencies.Min() > 25, $"frequencies from {frequencies.Min():F1} to {frequencies.Max():F1} Hz only");
    }

    [Theory]
    [InlineData(6000, 0.0, 1.0)]    // full band: the tone as mixed
    [InlineData(6000, 1.0, 0.0)]    // above 4 kHz: gone through the 8 kHz channel
    [InlineData(1000, 1.0, 1.0)]    // below it: kept
    public void NarrowbandExamplesLoseEverythingAbove4Khz(double frequency, double chance, double keptFraction)
    {
        var settings = new MixSettings { PositiveProbability = 1, NegativeProbability = 0, GainRangeDb = 0, MinSnrDb = 100, MaxSnrDb = 100, SpeedRange = 0, PitchSemitones = 0, NarrowbandProbability = chance };
        var mixer = new WakeMixer(new WakeClips([Tone(frequency, 1.0)], [], [], 16000), settings);

        var (samples, ends) = mixer.NextExample(new Rng(8));

        Assert.Equal(mixer.ExampleSamples, samples.Length);
        var clip = samples[(ends[0] - 15000)..(ends[0] - 1000)];  // inside the tone, away from its edges
        Assert.Equal(keptFraction, Rms(clip) / MixSettings.NominalSpeechRms, 0.01);
    }

    /// <summary>Three clips of other speech, each its own "word", so an example's word ends say which were drawn.</summary>
    private static WakeClips ThreeWordClips() =>
        new([Tone(900, 0.3)], [Tone(300, 0.2), Tone(500, 0.2), Tone(700, 0.2)], [], 16000, [0, 1, 2], ["a", "b", "c"]);

    /// <summary>How often each of the three clips was drawn over 3,000 examples without a wake word.</summary>
    private static int[] DrawCounts(WakeMixer mixer)
    {
        var counts = new int[3];
        var rng = new Rng(11);
        var ends = new List<(int End, int Word)>();
        for (var i = 0; i < 3000; i++)
        {
            ends.Clear();
            mixer.NextExample(rng, ends);
            foreach (var (_, word) in ends) counts[word]++;
        }
        return counts;
    }

    /// <summary>
    /// With every draw hard, clips come in proportion to their hardness (0 : 1 : 3): the first never, the third about
    /// three times as often as the second. Before any hardness is set, and with a share of 0, draws stay uniform.
    /// </summary>
    [Fact]
    public void HardDrawsFollowTheHardness()
    {
        var settings = new MixSettings { PositiveProbability = 0, NegativeProbability = 1, HardNegativeShare = 1 };
        var hard = new WakeMixer(ThreeWordClips(), settings);
        var uniform = DrawCounts(hard);
        hard.SetNegativeHardness([0f, 0.25f, 0.75f]);

        var counts = DrawCounts(hard);

        Assert.All(uniform, c => Assert.InRange(c, 0.27 * uniform.Sum(), 0.4 * uniform.Sum()));
        Assert.Equal(0, counts[0]);
        Assert.InRange((double)counts[2] / counts[1], 2.6, 3.4);
        Assert.True(counts.Sum() > 4000, $"{counts.Sum()} draws");
    }

    /// <summary>Without a hard share the hardness changes nothing: the same examples, sample for sample.</summary>
    [Fact]
    public void WithoutAHardShareHardnessLeavesTheExamplesAsTheyWere()
    {
        var settings = new MixSettings { NegativeProbability = 1 };
        var plain = new WakeMixer(ThreeWordClips(), settings);
        var withHardness = new WakeMixer(ThreeWordClips(), settings);
        withHardness.SetNegativeHardness([0f, 0f, 1f]);

        for (var seed = 1ul; seed <= 5; seed++)
            Assert.Equal(plain.NextExample(new Rng(seed)).Samples, withHardness.NextExample(new Rng(seed)).Samples);
        Assert.Equal("2 hardness values for 3 clips of other speech.",
            Assert.Throws<ArgumentException>(() => plain.SetNegativeHardness([1f, 2f])).Message);
    }
}
