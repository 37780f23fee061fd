using Recurrent.Tensors;
using Recurrent.Wake;

namespace Recurrent.Tests.Wake;

public class WakeMixerTests
{
    internal static float[] Tone(double frequency, double seconds, int rate = 16000) =>
        Enumerable.Range(0, (int)(seconds * rate)).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * frequency * i / rate))).ToArray();

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
        double Rms(int start, int end) => Math.Sqrt(samples[start..end].Sum(x => (double)x * x) / (end - start));
        Assert.InRange(Rms(spans[0].Start, spans[0].End), 0.045, 0.055);
        Assert.True(Rms(0, spans[0].Start) < 0.005);
    }

    [Fact]
    public void TrimSilenceKeepsTheLoudPart()
    {
        var clip = new float[1600].Concat(Tone(500, 0.1)).Concat(new float[800]).ToArray();
        var trimmed = WakeClips.TrimSilence(clip, 16000);
        Assert.InRange(trimmed.Length, 1600, 1760);
    }
}
