namespace Recurrent.Audio;

/// <summary>Mono audio: samples in [−1, 1] (full scale) at <see cref="SampleRate"/> samples per second.</summary>
public sealed record AudioClip(float[] Samples, int SampleRate)
{
    public double DurationSeconds => (double)Samples.Length / SampleRate;

    /// <summary>This clip at <paramref name="sampleRate"/>: itself when the rate already matches, else resampled.</summary>
    public AudioClip ResampledTo(int sampleRate) =>
        sampleRate == SampleRate ? this : new AudioClip(new Resampler(SampleRate, sampleRate).Process(Samples), sampleRate);
}
