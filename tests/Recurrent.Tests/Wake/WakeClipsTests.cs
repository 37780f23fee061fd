using Recurrent.Audio;
using Recurrent.Tests.Support;
using Recurrent.Wake;

namespace Recurrent.Tests.Wake;

public sealed class WakeClipsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void TrimSilenceKeepsTheLoudPart()
    {
        var clip = new float[1600].Concat(WakeMixerTests.Tone(500, 0.1)).Concat(new float[800]).ToArray();
        var trimmed = WakeClips.TrimSilence(clip, 16000);
        Assert.InRange(trimmed.Length, 1600, 1760);
    }

    /// <summary>
    /// A recording with a DC offset of 0.1 under 100 ms of silence, a 0.2 s tone and 50 ms of silence: the offset,
    /// more than 5% of the tone's level, would keep the silence from being trimmed and make a step where the clip is
    /// laid over other audio.
    /// </summary>
    [Fact]
    public void RecordingsAreCentredBeforeTheSilenceIsTrimmed()
    {
        var tone = WakeMixerTests.Tone(500, 0.2);
        var recording = new float[1600].Concat(tone).Concat(new float[800]).Select(x => x + 0.1f).ToArray();
        Directory.CreateDirectory(_directory.PathOf("wake"));
        WavFile.Write(_directory.PathOf("wake/offset.wav"), recording, 16000);

        var clip = Assert.Single(WakeClips.Load(_directory.PathOf("wake"), null, null, 16000).Positives);

        Assert.InRange(clip.Length, tone.Length, tone.Length + 160);       // the silence is gone, within one 10 ms block
        Assert.Equal(0, clip.Average(x => (double)x), 3);                  // the tone's own mean, not the offset
        Assert.Equal(0, clip[0], 1);                                       // a sine starts at zero, not at 0.1
    }

    [Fact]
    public void OtherSpeechTakesItsWordFromTheSubfolderItLiesIn()
    {
        foreach (var file in new[] { "other/six/a.wav", "other/six/deeper/b.wav", "other/eight/c.wav", "other/loose.wav" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_directory.PathOf(file))!);
            WavFile.Write(_directory.PathOf(file), WakeMixerTests.Tone(500, 0.1), 16000);
        }
        Directory.CreateDirectory(_directory.PathOf("wake"));
        WavFile.Write(_directory.PathOf("wake/w.wav"), WakeMixerTests.Tone(700, 0.1), 16000);
        WavFile.Write(_directory.PathOf("wake/silent.wav"), new float[1600], 16000);

        var clips = WakeClips.Load(_directory.PathOf("wake"), _directory.PathOf("other"), null, 16000);

        // Files in ordinal path order: eight/c, loose, six/a, six/deeper/b; words in ordinal order: eight, six.
        Assert.Equal(["eight", "six"], clips.WordNames);
        Assert.Equal([0, -1, 1, 1], clips.NegativeWords);
        // Each clip keeps its file's name below its folder, the silent one skipped with its name.
        Assert.Equal(["eight/c.wav", "loose.wav", "six/a.wav", "six/deeper/b.wav"], clips.NegativeNames);
        Assert.Equal(["w.wav"], clips.PositiveNames);
    }

    [Fact]
    public void ClipsMadeInMemoryAreNamedByNumberAndNamesMustMatchTheClips()
    {
        var tone = WakeMixerTests.Tone(500, 0.1);
        var clips = new WakeClips([tone, tone], [tone], [], 16000);
        Assert.Equal(["wake word 1", "wake word 2"], clips.PositiveNames);
        Assert.Equal(["other speech 1"], clips.NegativeNames);
        var error = Assert.Throws<ArgumentException>(() => new WakeClips([tone], [tone], [], 16000, positiveNames: ["a.wav", "b.wav"]));
        Assert.Equal("2 and 1 names for 1 wake-word clips and 1 negatives.", error.Message);
    }

    [Fact]
    public void ClipsWithoutSubfoldersHaveNoWords()
    {
        var clips = WakeMixerTests.ToneClips();
        Assert.Empty(clips.WordNames);
        Assert.Equal([-1], clips.NegativeWords);
    }

    [Fact]
    public void WordIndicesOutsideTheWordsAreRefused()
    {
        var tone = WakeMixerTests.Tone(500, 0.1);
        var error = Assert.Throws<ArgumentException>(() => new WakeClips([tone], [tone], [], 16000, [1], ["six"]));
        Assert.Contains("outside the 1 words", error.Message);
    }
}
