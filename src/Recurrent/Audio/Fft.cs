using System.Numerics;

namespace Recurrent.Audio;

/// <summary>
/// Discrete Fourier transform of any size N: X[k] = Σₙ x[n]·e^(−2πi·k·n/N), computed in double in place.
/// Powers of two use the iterative radix-2 Cooley–Tukey algorithm; other sizes (400 samples is 25 ms at 16 kHz,
/// torchaudio's default n_fft) use Bluestein's chirp-z identity k·n = (k² + n² − (k − n)²)/2, which turns the DFT
/// into a convolution that a power-of-two FFT of size M ≥ 2N − 1 computes. Both are O(N log N).
/// </summary>
/// <remarks>
/// The radix-2 butterflies of a stage are independent, so they run several to a vector; each output is still made by
/// the same operations in the same order as one butterfly at a time (no fused multiply-add, no reordering), so the
/// result is the same to the bit with or without vectors: features, and the training runs built on them, do not
/// depend on the machine's vector width. Holds scratch buffers, so one instance must not be used by two threads at once.
/// </remarks>
public sealed class Fft
{
    private readonly int _size;
    // Radix-2 twiddles, (N − 1): the stage that joins halves of length h holds e^(−2πi·k/(2h)), k < h, from offset
    // h − 1, so a vector of butterflies reads its twiddles side by side. Values as e^(−2πi·j/N) at j = k·N/(2h).
    private readonly double[] _twiddleRe = [], _twiddleIm = [];
    private readonly int[] _swaps = [];  // the bit-reversal permutation's transpositions, as pairs (i, j), i < j

    // Bluestein: chirp w[n] = e^(−iπn²/N) (N), and the transform of the conjugate chirp spread over M points.
    private readonly Fft? _inner;
    private readonly double[] _chirpRe = [], _chirpIm = [];
    private readonly double[] _filterRe = [], _filterIm = [];
    private readonly double[] _workRe = [], _workIm = [];

    public Fft(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        _size = size;
        if (IsPowerOfTwo(size))
        {
            _twiddleRe = new double[Math.Max(0, size - 1)];
            _twiddleIm = new double[Math.Max(0, size - 1)];
            for (var half = 1; half < size; half <<= 1)
            {
                var stride = size / (2 * half);
                for (var k = 0; k < half; k++)
                {
                    _twiddleRe[half - 1 + k] = Math.Cos(2 * Math.PI * (k * stride) / size);
                    _twiddleIm[half - 1 + k] = -Math.Sin(2 * Math.PI * (k * stride) / size);
                }
            }
            _swaps = BitReversalSwaps(size);
            return;
        }
        var m = 1;
        while (m < 2 * size - 1) m <<= 1;
        _inner = new Fft(m);
        _chirpRe = new double[size];
        _chirpIm = new double[size];
        for (var n = 0; n < size; n++)
        {
            // n² mod 2N keeps the angle small, so large n lose no precision in cos/sin.
            var angle = Math.PI * ((long)n * n % (2L * size)) / size;
            _chirpRe[n] = Math.Cos(angle);
            _chirpIm[n] = -Math.Sin(angle);
        }
        _filterRe = new double[m];
        _filterIm = new double[m];
        for (var n = 0; n < size; n++)
        {
            _filterRe[n] = _chirpRe[n];
            _filterIm[n] = -_chirpIm[n];
            if (n > 0)
            {
                _filterRe[m - n] = _chirpRe[n];
                _filterIm[m - n] = -_chirpIm[n];
            }
        }
        _inner.Forward(_filterRe, _filterIm);
        _workRe = new double[m];
        _workIm = new double[m];
    }

    public int Size => _size;

    /// <summary>Transforms (real, imaginary), each of length N, in place.</summary>
    public void Forward(Span<double> real, Span<double> imaginary) => Forward(real, imaginary, Vector.IsHardwareAccelerated);

    /// <summary>
    /// As <see cref="Forward(Span{double}, Span{double})"/>, with vectors or without: the two give the same bits,
    /// which the tests check on every hardware path.
    /// </summary>
    internal void Forward(Span<double> real, Span<double> imaginary, bool useVectors)
    {
        if (real.Length != _size || imaginary.Length != _size)
            throw new ArgumentException($"The FFT is of size {_size}; got {real.Length} real and {imaginary.Length} imaginary values.");
        if (_inner is null) Radix2(real, imaginary, useVectors);
        else Bluestein(real, imaginary, useVectors);
    }

    private void Radix2(Span<double> re, Span<double> im, bool useVectors)
    {
        for (var p = 0; p < _swaps.Length; p += 2)
        {
            int i = _swaps[p], j = _swaps[p + 1];
            (re[i], re[j]) = (re[j], re[i]);
            (im[i], im[j]) = (im[j], im[i]);
        }
        for (var half = 1; half < _size; half <<= 1)
        {
            var twiddleRe = _twiddleRe.AsSpan(half - 1, half);
            var twiddleIm = _twiddleIm.AsSpan(half - 1, half);
            for (var start = 0; start < _size; start += 2 * half)
                Butterflies(re.Slice(start, 2 * half), im.Slice(start, 2 * half), twiddleRe, twiddleIm, useVectors);
        }
    }

    /// <summary>
    /// The h butterflies that join the two halves of a block of 2h: with t = w[k]·x[h + k],
    /// x[k], x[h + k] ← x[k] + t, x[k] − t. Vectors take as many butterflies as they hold; the rest go one at a time.
    /// </summary>
    private static void Butterflies(Span<double> re, Span<double> im, ReadOnlySpan<double> twiddleRe, ReadOnlySpan<double> twiddleIm, bool useVectors)
    {
        var half = twiddleRe.Length;
        var k = 0;
        if (useVectors)
        {
            for (; k <= half - Vector<double>.Count; k += Vector<double>.Count)
            {
                var wr = new Vector<double>(twiddleRe[k..]);
                var wi = new Vector<double>(twiddleIm[k..]);
                var ar = new Vector<double>(re[k..]);
                var ai = new Vector<double>(im[k..]);
                var br = new Vector<double>(re[(half + k)..]);
                var bi = new Vector<double>(im[(half + k)..]);
                var tr = br * wr - bi * wi;
                var ti = br * wi + bi * wr;
                (ar - tr).CopyTo(re[(half + k)..]);
                (ai - ti).CopyTo(im[(half + k)..]);
                (ar + tr).CopyTo(re[k..]);
                (ai + ti).CopyTo(im[k..]);
            }
        }
        for (; k < half; k++)
        {
            double wr = twiddleRe[k], wi = twiddleIm[k];
            var b = half + k;
            var tr = re[b] * wr - im[b] * wi;
            var ti = re[b] * wi + im[b] * wr;
            re[b] = re[k] - tr;
            im[b] = im[k] - ti;
            re[k] += tr;
            im[k] += ti;
        }
    }

    private static int[] BitReversalSwaps(int size)
    {
        var swaps = new List<int>();
        for (int i = 1, j = 0; i < size; i++)
        {
            var bit = size >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) swaps.AddRange([i, j]);
        }
        return [.. swaps];
    }

    /// <summary>X[k] = w[k]·Σₙ (x[n]·w[n])·conj(w[k − n]): a circular convolution done by three M-point FFTs.</summary>
    private void Bluestein(Span<double> re, Span<double> im, bool useVectors)
    {
        var m = _workRe.Length;
        Array.Clear(_workRe);
        Array.Clear(_workIm);
        for (var n = 0; n < _size; n++)
        {
            _workRe[n] = re[n] * _chirpRe[n] - im[n] * _chirpIm[n];
            _workIm[n] = re[n] * _chirpIm[n] + im[n] * _chirpRe[n];
        }
        _inner!.Forward(_workRe, _workIm, useVectors);
        for (var j = 0; j < m; j++)
        {
            var r = _workRe[j] * _filterRe[j] - _workIm[j] * _filterIm[j];
            var i = _workRe[j] * _filterIm[j] + _workIm[j] * _filterRe[j];
            // Conjugating before and after a forward FFT gives the inverse (up to the 1/M applied below).
            _workRe[j] = r;
            _workIm[j] = -i;
        }
        _inner.Forward(_workRe, _workIm, useVectors);
        for (var k = 0; k < _size; k++)
        {
            var r = _workRe[k] / m;
            var i = -_workIm[k] / m;
            re[k] = r * _chirpRe[k] - i * _chirpIm[k];
            im[k] = r * _chirpIm[k] + i * _chirpRe[k];
        }
    }

    private static bool IsPowerOfTwo(int n) => (n & (n - 1)) == 0;
}
