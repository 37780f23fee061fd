namespace Recurrent.Audio;

/// <summary>
/// Discrete Fourier transform of any size N: X[k] = Σₙ x[n]·e^(−2πi·k·n/N), computed in double in place.
/// Powers of two use the iterative radix-2 Cooley–Tukey algorithm; other sizes (400 samples is 25 ms at 16 kHz,
/// torchaudio's default n_fft) use Bluestein's chirp-z identity k·n = (k² + n² − (k − n)²)/2, which turns the DFT
/// into a convolution that a power-of-two FFT of size M ≥ 2N − 1 computes. Both are O(N log N).
/// </summary>
/// <remarks>Holds scratch buffers, so one instance must not be used by two threads at once.</remarks>
public sealed class Fft
{
    private readonly int _size;
    private readonly double[] _cos = [], _sin = [];   // (N/2) twiddles e^(−2πi·j/N) for the radix-2 path

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
            _cos = new double[size / 2];
            _sin = new double[size / 2];
            for (var j = 0; j < size / 2; j++)
            {
                _cos[j] = Math.Cos(2 * Math.PI * j / size);
                _sin[j] = -Math.Sin(2 * Math.PI * j / size);
            }
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
    public void Forward(Span<double> real, Span<double> imaginary)
    {
        if (real.Length != _size || imaginary.Length != _size)
            throw new ArgumentException($"The FFT is of size {_size}; got {real.Length} real and {imaginary.Length} imaginary values.");
        if (_inner is null) Radix2(real, imaginary);
        else Bluestein(real, imaginary);
    }

    private void Radix2(Span<double> re, Span<double> im)
    {
        var n = _size;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        for (var length = 2; length <= n; length <<= 1)
        {
            var half = length >> 1;
            var stride = n / length;
            for (var start = 0; start < n; start += length)
            {
                for (var k = 0; k < half; k++)
                {
                    double wr = _cos[k * stride], wi = _sin[k * stride];
                    int a = start + k, b = a + half;
                    var tr = re[b] * wr - im[b] * wi;
                    var ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }

    /// <summary>X[k] = w[k]·Σₙ (x[n]·w[n])·conj(w[k − n]): a circular convolution done by three M-point FFTs.</summary>
    private void Bluestein(Span<double> re, Span<double> im)
    {
        var m = _workRe.Length;
        Array.Clear(_workRe);
        Array.Clear(_workIm);
        for (var n = 0; n < _size; n++)
        {
            _workRe[n] = re[n] * _chirpRe[n] - im[n] * _chirpIm[n];
            _workIm[n] = re[n] * _chirpIm[n] + im[n] * _chirpRe[n];
        }
        _inner!.Forward(_workRe, _workIm);
        for (var j = 0; j < m; j++)
        {
            var r = _workRe[j] * _filterRe[j] - _workIm[j] * _filterIm[j];
            var i = _workRe[j] * _filterIm[j] + _workIm[j] * _filterRe[j];
            // Conjugating before and after a forward FFT gives the inverse (up to the 1/M applied below).
            _workRe[j] = r;
            _workIm[j] = -i;
        }
        _inner.Forward(_workRe, _workIm);
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
