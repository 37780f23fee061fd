using System.Numerics;

namespace Recurrent.Audio;

/// <summary>
/// Band-limited resampling by a rational factor with a Hann-windowed sinc, as torchaudio.functional.resample
/// (<c>sinc_interp_hann</c>, <c>lowpass_filter_width = 6</c>, <c>rolloff = 0.99</c>), so features computed from
/// resampled audio match torchaudio's.
/// </summary>
/// <remarks>
/// With the rates reduced by their gcd to p (from) and q (to), output sample j·q + k is
/// y = Σ_m x[j·p − W + m]·h_k[m], m ∈ [0, 2W + p), where the cutoff is f_c = 0.99·min(p, q),
/// W = ⌈6·p / f_c⌉, t = clamp((−k/q + (m − W)/p)·f_c, −6, 6) and
/// h_k[m] = (f_c / p)·sinc(π·t)·cos²(π·t / 12). Input outside the clip is zero; the output has ⌈q·N / p⌉ samples.
/// The cutoff below the lower Nyquist rate removes what would alias when downsampling.
/// The q phases of one j share their input, so they are summed side by side in a vector, each still over m in order
/// (no fused multiply-add): the output is the same to the bit with or without vectors.
/// </remarks>
public sealed class Resampler
{
    private const int LowpassFilterWidth = 6;
    private const double Rolloff = 0.99;

    private readonly int _from, _to, _width;
    private readonly double[] _kernels; // (2W + p, q): h_k[m] at m·q + k, so the phases of one tap lie side by side

    public Resampler(int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        var gcd = Gcd(fromRate, toRate);
        _from = fromRate / gcd;
        _to = toRate / gcd;
        var cutoff = Math.Min(_from, _to) * Rolloff;
        _width = (int)Math.Ceiling(LowpassFilterWidth * _from / cutoff);
        var taps = 2 * _width + _from;
        _kernels = new double[taps * _to];
        for (var k = 0; k < _to; k++)
        {
            for (var m = 0; m < taps; m++)
            {
                var t = Math.Clamp((-(double)k / _to + (double)(m - _width) / _from) * cutoff, -LowpassFilterWidth, LowpassFilterWidth);
                var window = Math.Cos(t * Math.PI / LowpassFilterWidth / 2);
                var sinc = t == 0 ? 1.0 : Math.Sin(Math.PI * t) / (Math.PI * t);
                _kernels[m * _to + k] = sinc * window * window * cutoff / _from;
            }
        }
    }

    /// <summary>Resamples a whole clip.</summary>
    public float[] Process(ReadOnlySpan<float> input) => Process(input, Vector.IsHardwareAccelerated);

    /// <summary>
    /// As <see cref="Process(ReadOnlySpan{float})"/>, with vectors or without: the two give the same bits, which the
    /// tests check on every hardware path.
    /// </summary>
    internal float[] Process(ReadOnlySpan<float> input, bool useVectors)
    {
        if (_from == _to) return input.ToArray();
        var outputLength = (int)Math.Ceiling((double)_to * input.Length / _from);
        var output = new float[outputLength];
        var taps = 2 * _width + _from;
        var lanes = Vector<double>.Count;
        for (var j = 0; j * _to < outputLength; j++)
        {
            var start = j * _from - _width;
            var first = Math.Max(0, -start);
            var last = Math.Min(taps, input.Length - start);
            var phases = Math.Min(_to, outputLength - j * _to);
            var outputs = output.AsSpan(j * _to, phases);
            var k = 0;
            if (useVectors)
            {
                for (; k <= phases - lanes; k += lanes)
                {
                    var sum = Vector<double>.Zero;
                    for (var m = first; m < last; m++)
                        sum += new Vector<double>(input[start + m]) * new Vector<double>(_kernels.AsSpan(m * _to + k));
                    for (var lane = 0; lane < lanes; lane++) outputs[k + lane] = (float)sum[lane];
                }
            }
            for (; k < phases; k++)
            {
                var sum = 0.0;
                for (var m = first; m < last; m++) sum += input[start + m] * _kernels[m * _to + k];
                outputs[k] = (float)sum;
            }
        }
        return output;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
