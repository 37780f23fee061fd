using System.Globalization;

namespace Recurrent.Wake;

/// <summary>
/// What the test streams of <see cref="WakeEvaluator"/> sound like: speech over background at <see cref="SnrDb"/>,
/// the whole stream turned up or down by <see cref="LevelDb"/> (a microphone set louder or quieter: speech is at
/// −26 dBFS at 0 dB), and optionally through an 8 kHz channel. The defaults are the benchmark's; the others measure
/// a detector where it is used rather than where it was trained.
/// </summary>
public sealed record EvaluationConditions
{
    /// <summary>Speech over background, in dB.</summary>
    public double SnrDb { get; init; } = 10;

    /// <summary>Gain on the whole stream, in dB; samples beyond ±1 clip, as a converter's would.</summary>
    public double LevelDb { get; init; }

    /// <summary>Streams pass through an 8 kHz channel (<see cref="Audio.NarrowbandChannel"/>).</summary>
    public bool Narrowband { get; init; }

    public void Validate()
    {
        if (!double.IsFinite(SnrDb)) throw new ArgumentException($"--snr must be a number of dB; got {SnrDb}.");
        if (!(LevelDb is >= -60 and <= 40)) throw new ArgumentException($"--level-db must be −60 to 40 dB; got {LevelDb}.");
    }

    /// <summary>Scales <paramref name="samples"/> by the level and clips them to ±1, in place.</summary>
    public void ApplyLevel(Span<float> samples)
    {
        if (LevelDb == 0) return;
        var gain = (float)Math.Pow(10, LevelDb / 20);
        for (var i = 0; i < samples.Length; i++) samples[i] = Math.Clamp(samples[i] * gain, -1f, 1f);
    }

    /// <summary>"10 dB SNR", with the level and channel when they are not the defaults' (for plot titles).</summary>
    public string Describe()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{SnrDb:G3} dB SNR");
        if (LevelDb != 0) text += string.Create(CultureInfo.InvariantCulture, $", level {LevelDb:+0.#;−0.#} dB");
        if (Narrowband) text += ", 8 kHz channel";
        return text;
    }
}
