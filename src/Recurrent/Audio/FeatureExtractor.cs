namespace Recurrent.Audio;

/// <summary>
/// Turns audio into feature frames: power spectrum (<see cref="Spectrogram"/>, not centred) → mel bands
/// (<see cref="MelFilterbank"/>) → L = ln(mel + 1e-6) → optionally MFCC (<see cref="Mfcc"/>). This is
/// torchaudio's MFCC with <c>log_mels=True</c>, or its log-mel spectrogram; the natural log with an offset, unlike
/// the dB scale with top_db, depends on one frame only, which is what lets detection stream. With
/// <see cref="FeatureSettings.Pcen"/> the mel bands go through <see cref="Pcen"/> instead of the log; its running
/// average depends on past frames only, so PCEN streams too, with that average carried from frame to frame.
/// Legend: T frames, F features per frame.
/// </summary>
/// <remarks>
/// Holds scratch buffers and, with PCEN, the running average of the frames computed so far: one instance per thread
/// and stream. <see cref="Compute"/> starts from a fresh average; <see cref="ComputeFrame"/> continues the stream.
/// </remarks>
public sealed class FeatureExtractor
{
    private readonly Spectrogram _spectrogram;
    private readonly MelFilterbank _filterbank;
    private readonly Mfcc? _mfcc;
    private readonly Pcen? _pcen;
    private readonly double[] _power, _mel, _coefficients;

    public FeatureExtractor(FeatureSettings settings)
    {
        settings.Validate();
        Settings = settings;
        _spectrogram = new Spectrogram(settings.FrameSamples, settings.WindowSamples, settings.HopSamples, center: false);
        _filterbank = new MelFilterbank(_spectrogram.BinCount, settings.SampleRate, settings.MelCount, settings.MinFrequency,
            settings.MaxFrequency ?? settings.SampleRate / 2);
        if (settings.MfccCount > 0) _mfcc = new Mfcc(settings.MelCount, settings.MfccCount);
        // The hop PCEN smooths over is the one the frames really have, after rounding to whole samples.
        if (settings.Pcen is { } pcen) _pcen = new Pcen(pcen, settings.HopSamples * 1000.0 / settings.SampleRate, settings.MelCount);
        _power = new double[_spectrogram.BinCount];
        _mel = new double[settings.MelCount];
        _coefficients = new double[settings.FeatureCount];
    }

    public FeatureSettings Settings { get; }

    public int FeatureCount => Settings.FeatureCount;

    /// <summary>Samples one frame spans (n_fft).</summary>
    public int FrameSamples => _spectrogram.FftSize;

    public int HopSamples => _spectrogram.HopLength;

    /// <summary>Frames in a clip of <paramref name="samples"/> samples: 1 + ⌊(N − n_fft)/hop⌋, or 0 when shorter than a frame.</summary>
    public int FrameCount(int samples) => _spectrogram.FrameCount(samples);

    /// <summary>The features of the next frame of a stream (with PCEN, the frames before it set its running average).</summary>
    /// <param name="frame">(n_fft) samples</param>
    /// <param name="features">(F)</param>
    public void ComputeFrame(ReadOnlySpan<float> frame, Span<float> features)
    {
        _spectrogram.PowerFrame(frame, _power);
        _filterbank.Apply(_power, _mel);
        if (_pcen is not null)
        {
            _pcen.Apply(_mel);
        }
        else
        {
            for (var m = 0; m < _mel.Length; m++) _mel[m] = Math.Log(_mel[m] + Mfcc.LogOffset);
        }
        var result = _mel.AsSpan();
        if (_mfcc is not null)
        {
            _mfcc.Apply(_mel, _coefficients);
            result = _coefficients;
        }
        for (var f = 0; f < FeatureCount; f++) features[f] = (float)result[f];
    }

    /// <summary>Every frame of a clip at the settings' rate, (T, F), as a stream of its own.</summary>
    public float[] Compute(ReadOnlySpan<float> samples)
    {
        _pcen?.Reset();
        var frames = FrameCount(samples.Length);
        var result = new float[frames * FeatureCount];
        for (var t = 0; t < frames; t++)
            ComputeFrame(samples.Slice(t * HopSamples, FrameSamples), result.AsSpan(t * FeatureCount, FeatureCount));
        return result;
    }
}
