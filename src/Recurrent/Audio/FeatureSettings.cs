using System.Text.Json.Nodes;

namespace Recurrent.Audio;

/// <summary>
/// How audio becomes feature frames: the model rate, frame and hop in milliseconds, mel bands, and MFCC, log-mel or
/// PCEN output. Stored in a wake-word model file so listening computes exactly the features training saw.
/// Frames are not centred (frame t starts at sample t·hop), so a frame needs only audio already heard.
/// </summary>
public sealed record FeatureSettings
{
    /// <summary>16 kHz: the usual rate of speech models; wider than telephone speech, far cheaper than 44.1 kHz.</summary>
    public int SampleRate { get; init; } = 16000;

    /// <summary>25 ms: long enough to resolve pitch harmonics, short enough that phonemes stay apart.</summary>
    public double WindowMs { get; init; } = 25;

    /// <summary>10 ms: the standard speech hop, 100 frames per second.</summary>
    public double HopMs { get; init; } = 10;

    /// <summary>
    /// n_fft (any size ≥ the window); null means the next power of two at or above the window (512 for 25 ms at
    /// 16 kHz), as Kaldi does, so the FFT is radix-2, several times cheaper than a 400-point Bluestein transform.
    /// </summary>
    public int? FftSize { get; init; }

    /// <summary>40 mel bands: the common choice for keyword spotting at 16 kHz.</summary>
    public int MelCount { get; init; } = 40;

    /// <summary>0 gives log-mel features; above 0, that many MFCCs (Mycroft Precise uses 20).</summary>
    public int MfccCount { get; init; }

    /// <summary>20 Hz: below it is rumble and DC, not speech.</summary>
    public double MinFrequency { get; init; } = 20;

    /// <summary>Upper edge of the top mel band; null means half the sample rate.</summary>
    public double? MaxFrequency { get; init; }

    /// <summary>
    /// Per-channel energy normalisation of the mel bands in place of the log (<see cref="Pcen"/>); null gives log-mel
    /// (or MFCC) features.
    /// </summary>
    public PcenSettings? Pcen { get; init; }

    public int WindowSamples => (int)Math.Round(SampleRate * WindowMs / 1000);

    public int HopSamples => (int)Math.Round(SampleRate * HopMs / 1000);

    public int FrameSamples => FftSize ?? (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)WindowSamples);

    /// <summary>Values per frame: MFCCs or mel bands.</summary>
    public int FeatureCount => MfccCount > 0 ? MfccCount : MelCount;

    /// <summary>Fails with a message naming the first bad setting.</summary>
    public void Validate()
    {
        if (SampleRate is < 1000 or > 384000) throw new ArgumentException($"Feature settings: sample rate {SampleRate} Hz is outside 1000 to 384000.");
        if (!(WindowMs > 0) || WindowSamples < 2) throw new ArgumentException($"Feature settings: a window of {WindowMs} ms is too short.");
        if (!(HopMs > 0) || HopSamples < 1) throw new ArgumentException($"Feature settings: a hop of {HopMs} ms is too short.");
        if (FftSize is { } n && n < WindowSamples) throw new ArgumentException($"Feature settings: n_fft {n} is shorter than the {WindowSamples}-sample window.");
        if (MelCount < 1) throw new ArgumentException("Feature settings: at least one mel band is needed.");
        if (MfccCount < 0 || MfccCount > MelCount) throw new ArgumentException($"Feature settings: {MfccCount} MFCCs from {MelCount} mel bands is not possible.");
        if (Pcen is not null && MfccCount > 0)
            throw new ArgumentException("Feature settings: MFCCs are the cosine transform of log-mel bands and PCEN replaces the log; choose one.");
        Pcen?.Validate();
        var top = MaxFrequency ?? SampleRate / 2;
        if (!(MinFrequency >= 0 && MinFrequency < top && top <= SampleRate / 2.0))
            throw new ArgumentException($"Feature settings: mel range {MinFrequency}–{top} Hz must lie within 0–{SampleRate / 2} Hz.");
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["sample_rate"] = SampleRate,
            ["window_ms"] = WindowMs,
            ["hop_ms"] = HopMs,
            ["n_mels"] = MelCount,
            ["n_mfcc"] = MfccCount,
            ["f_min"] = MinFrequency,
        };
        if (FftSize is { } n) json["n_fft"] = n;
        if (MaxFrequency is { } f) json["f_max"] = f;
        if (Pcen is { } pcen) json["pcen"] = pcen.ToJson();
        return json;
    }

    /// <summary>Reads what <see cref="ToJson"/> wrote; missing keys take their defaults.</summary>
    public static FeatureSettings FromJson(JsonObject json)
    {
        var defaults = new FeatureSettings();
        var settings = new FeatureSettings
        {
            SampleRate = (int?)json["sample_rate"] ?? defaults.SampleRate,
            WindowMs = (double?)json["window_ms"] ?? defaults.WindowMs,
            HopMs = (double?)json["hop_ms"] ?? defaults.HopMs,
            FftSize = (int?)json["n_fft"],
            MelCount = (int?)json["n_mels"] ?? defaults.MelCount,
            MfccCount = (int?)json["n_mfcc"] ?? defaults.MfccCount,
            MinFrequency = (double?)json["f_min"] ?? defaults.MinFrequency,
            MaxFrequency = (double?)json["f_max"],
            Pcen = json["pcen"] switch
            {
                null => null,
                JsonObject pcen => PcenSettings.FromJson(pcen),
                _ => throw new ArgumentException("Feature settings: 'pcen' must be an object of PCEN constants."),
            },
        };
        settings.Validate();
        return settings;
    }
}
