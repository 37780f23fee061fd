namespace Recurrent.Audio;

/// <summary>
/// Turns audio into feature frames: power spectrum (<see cref="Spectrogram"/>, not centred) → mel bands
/// (<see cref="MelFilterbank"/>) → L = ln(mel + 1e-6) → optionally MFCC (<see cref="Mfcc"/>). This is
/// torchaudio's MFCC with <c>log_mels=True</c>, or its log-mel spectrogram; the natural log with an offset, unlike
/// the dB scale with top_db, depends on one frame only, which is what lets detection stream.
/// Legend: T frames, F features per frame.
/// </summary>
/// <remarks>Holds scratch buffers: one instance per thread.</remarks>
public sealed class FeatureExtractor
{
    private readonly Spectrogram _spectrogram;
    private readonly MelFilterbank _mel;
    private readonly Mfcc? _mfcc;
    private readonly double[] _power, _logMel, _coefficients;

    public FeatureExtractor(FeatureSettings settings)
    {
        settings.Validate();
        Settings = settings;
        _spectrogram = new Spectrogram(settings.FrameSamples, settings.WindowSamples, settings.HopSamples, center: false);
        _mel = new MelFilterbank(_spectrogram.BinCount, settings.SampleRate, settings.MelCount, settings.MinFrequency,
            settings.MaxFrequency ?? settings.SampleRate / 2);
        if (settings.MfccCount > 0) _mfcc = new Mfcc(settings.MelCount, settings.MfccCount);
        _power = new double[_spectrogram.BinCount];
        _logMel = new double[settings.MelCount];
        _coefficients = new double[settings.FeatureCount];
    }

    public FeatureSettings Settings { get; }

    public int FeatureCount => Settings.FeatureCount;

    /// <summary>Samples one frame spans (n_fft).</summary>
    public int FrameSamples => _spectrogram.FftSize;

    public int HopSamples => _spectrogram.HopLength;

    /// <summary>Frames in a clip of <paramref name="samples"/> samples: 1 + ⌊(N − n_fft)/hop⌋, or 0 when shorter than a frame.</summary>
    public int FrameCount(int samples) => _spectrogram.FrameCount(samples);

    /// <param name="frame">(n_fft) samples</param>
    /// <param name="features">(F)</param>
    public void ComputeFrame(ReadOnlySpan<float> frame, Span<float> features)
    {
        _spectrogram.PowerFrame(frame, _power);
        _mel.Apply(_power, _logMel);
        for (var m = 0; m < _logMel.Length; m++) _logMel[m] = Math.Log(_logMel[m] + Mfcc.LogOffset);
        var result = _logMel.AsSpan();
        if (_mfcc is not null)
        {
            _mfcc.Apply(_logMel, _coefficients);
            result = _coefficients;
        }
        for (var f = 0; f < FeatureCount; f++) features[f] = (float)result[f];
    }

    /// <summary>Every frame of a clip at the settings' rate, (T, F).</summary>
    public float[] Compute(ReadOnlySpan<float> samples)
    {
        var frames = FrameCount(samples.Length);
        var result = new float[frames * FeatureCount];
        for (var t = 0; t < frames; t++)
            ComputeFrame(samples.Slice(t * HopSamples, FrameSamples), result.AsSpan(t * FeatureCount, FeatureCount));
        return result;
    }
}
