namespace Recurrent.Audio;

/// <summary>
/// An 8 kHz channel, as telephone audio and 8 kHz recordings pass through: the audio is resampled down to 8 kHz
/// and back to its own rate, keeping the length. What lies below 3 kHz passes, what lies above 5 kHz is gone (the
/// resamplers' filters roll off in between: 97% of a 3 kHz tone's amplitude is kept, 59% at 3.6 kHz, 0.5% at
/// 5 kHz), as in a telephone band. Training examples pass through it by chance (<c>--narrowband P</c>) and test
/// streams on request (<c>rnn wake eval --narrowband</c>).
/// </summary>
public sealed class NarrowbandChannel
{
    /// <summary>Telephone and 8 kHz recordings carry nothing above 4 kHz.</summary>
    public const int Rate = 8000;

    private readonly Resampler _down, _up;

    /// <param name="sampleRate">the audio's rate; must be above <see cref="Rate"/>, or there is nothing to remove</param>
    public NarrowbandChannel(int sampleRate)
    {
        if (sampleRate <= Rate)
            throw new ArgumentException($"An {Rate / 1000} kHz channel changes nothing in audio at {sampleRate} Hz; it needs a rate above {Rate} Hz.");
        _down = new Resampler(sampleRate, Rate);
        _up = new Resampler(Rate, sampleRate);
    }

    /// <summary>The samples as heard through the channel: a new array of the same length.</summary>
    public float[] Apply(float[] samples)
    {
        var restored = _up.Process(_down.Process(samples));
        var result = new float[samples.Length];
        restored.AsSpan(0, Math.Min(restored.Length, result.Length)).CopyTo(result);
        return result;
    }
}
