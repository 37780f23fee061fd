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
}
