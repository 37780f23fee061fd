namespace Recurrent.Audio;

/// <summary>
/// Power spectrogram as torchaudio.transforms.Spectrogram (power 2, not normalised, one-sided):
/// S[t, f] = |Σₙ w[n]·x[t·hop + n]·e^(−2πi·f·n/N)|² for f = 0 … N/2, with N = n_fft and w the periodic Hann
/// window w[n] = 0.5 − 0.5·cos(2πn/W) of W = win_length samples, centred in the N-point frame when W &lt; N.
/// Legend: T frames, F = N/2 + 1 frequency bins.
/// </summary>
/// <remarks>
/// With <c>center</c> the signal is first padded by N/2 reflected samples on both sides, as torch.stft does, so
/// frame t is centred on sample t·hop; without it frame t starts at sample t·hop, which is what streaming needs:
/// a frame depends only on samples already heard.
/// </remarks>
public sealed class Spectrogram
{
    private readonly double[] _window;          // (N) Hann window, zero-padded to the frame
    private readonly Fft _fft;
    private readonly double[] _re, _im;         // (N) scratch

    public Spectrogram(int fftSize, int windowLength, int hopLength, bool center)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fftSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopLength);
        if (windowLength <= 0 || windowLength > fftSize)
            throw new ArgumentOutOfRangeException(nameof(windowLength), windowLength, $"The window must have 1 to n_fft ({fftSize}) samples.");
        FftSize = fftSize;
        HopLength = hopLength;
        Center = center;
        _window = new double[fftSize];
        var offset = (fftSize - windowLength) / 2;
        for (var n = 0; n < windowLength; n++) _window[offset + n] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / windowLength);
        _fft = new Fft(fftSize);
        _re = new double[fftSize];
        _im = new double[fftSize];
    }

    public int FftSize { get; }

    public int HopLength { get; }

    public bool Center { get; }

    /// <summary>F = N/2 + 1.</summary>
    public int BinCount => FftSize / 2 + 1;

    /// <summary>Frames in a clip of <paramref name="samples"/> samples (torch.stft's count).</summary>
    public int FrameCount(int samples)
    {
        var padded = Center ? samples + 2 * (FftSize / 2) : samples;
        return padded < FftSize ? 0 : 1 + (padded - FftSize) / HopLength;
    }

    /// <summary>The power spectrum of one frame of N samples.</summary>
    /// <param name="power">(F)</param>
    public void PowerFrame(ReadOnlySpan<float> frame, Span<double> power)
    {
        if (frame.Length != FftSize) throw new ArgumentException($"A frame has {FftSize} samples; got {frame.Length}.", nameof(frame));
        for (var n = 0; n < FftSize; n++)
        {
            _re[n] = frame[n] * _window[n];
            _im[n] = 0;
        }
        _fft.Forward(_re, _im);
        for (var f = 0; f < BinCount; f++) power[f] = _re[f] * _re[f] + _im[f] * _im[f];
    }

    /// <summary>The whole clip's power spectrogram, (T, F).</summary>
    public double[] Compute(ReadOnlySpan<float> samples)
    {
        var signal = Center ? ReflectPad(samples, FftSize / 2) : samples.ToArray();
        var frames = FrameCount(samples.Length);
        var result = new double[frames * BinCount];
        for (var t = 0; t < frames; t++)
            PowerFrame(signal.AsSpan(t * HopLength, FftSize), result.AsSpan(t * BinCount, BinCount));
        return result;
    }

    /// <summary>torch's "reflect" padding: x[p], …, x[1], x[0], x[1], … (the edge sample is not repeated).</summary>
    private static float[] ReflectPad(ReadOnlySpan<float> samples, int pad)
    {
        if (samples.Length <= pad)
            throw new ArgumentException($"Reflect padding by {pad} needs more than {pad} samples; the clip has {samples.Length}.");
        var result = new float[samples.Length + 2 * pad];
        samples.CopyTo(result.AsSpan(pad));
        for (var i = 0; i < pad; i++)
        {
            result[pad - 1 - i] = samples[i + 1];
            result[pad + samples.Length + i] = samples[samples.Length - 2 - i];
        }
        return result;
    }
}
