namespace Recurrent.Audio;

/// <summary>
/// Triangular mel filters on the HTK scale, as torchaudio.functional.melscale_fbanks (norm None, mel_scale "htk"):
/// mel(f) = 2595·log₁₀(1 + f/700); M + 2 points equally spaced in mel from f_min to f_max give the filters' edges
/// p₀ … p_{M+1} in Hz, and filter m weighs bin frequency f by max(0, min((f − p_m)/(p_{m+1} − p_m),
/// (p_{m+2} − f)/(p_{m+2} − p_{m+1}))). Bin f_k = k·⌊rate/2⌋/(F − 1), torchaudio's linspace.
/// Legend: F frequency bins, M mel bands.
/// </summary>
public sealed class MelFilterbank
{
    private readonly double[] _weights; // (F, M)
    private readonly int[] _firstBin, _endBin; // (M) the bins where each triangle is non-zero: [first, end)

    public MelFilterbank(int binCount, int sampleRate, int melCount, double minFrequency, double maxFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(melCount);
        if (!(minFrequency >= 0 && minFrequency < maxFrequency))
            throw new ArgumentException($"Mel filters need 0 ≤ f_min < f_max; got {minFrequency} and {maxFrequency} Hz.");
        BinCount = binCount;
        MelCount = melCount;
        var edges = EdgeFrequencies(melCount, minFrequency, maxFrequency);
        _weights = new double[binCount * melCount];
        var nyquist = (double)(sampleRate / 2);
        for (var k = 0; k < binCount; k++)
        {
            var f = nyquist * k / (binCount - 1);
            for (var m = 0; m < melCount; m++)
            {
                var down = (f - edges[m]) / (edges[m + 1] - edges[m]);
                var up = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
                _weights[k * melCount + m] = Math.Max(0, Math.Min(down, up));
            }
        }
        _firstBin = new int[melCount];
        _endBin = new int[melCount];
        for (var m = 0; m < melCount; m++)
        {
            var first = 0;
            while (first < binCount && _weights[first * melCount + m] == 0) first++;
            var end = binCount;
            while (end > first && _weights[(end - 1) * melCount + m] == 0) end--;
            (_firstBin[m], _endBin[m]) = (first, end);
        }
    }

    public int BinCount { get; }

    public int MelCount { get; }

    /// <summary>(F, M), torchaudio's layout.</summary>
    public ReadOnlySpan<double> Weights => _weights;

    /// <summary>mel[m] = Σ_k power[k]·W[k, m], summed over the triangle's own bins only (each bin feeds at most two bands).</summary>
    /// <param name="power">(F)</param>
    /// <param name="mel">(M)</param>
    public void Apply(ReadOnlySpan<double> power, Span<double> mel)
    {
        for (var m = 0; m < MelCount; m++)
        {
            var sum = 0.0;
            for (var k = _firstBin[m]; k < _endBin[m]; k++) sum += power[k] * _weights[k * MelCount + m];
            mel[m] = sum;
        }
    }

    /// <summary>The M + 2 points p₀ … p_{M+1}, in Hz, equally spaced in mel from f_min to f_max: filter m rises from p_m, peaks at p_{m+1} and falls to p_{m+2}.</summary>
    public static double[] EdgeFrequencies(int melCount, double minFrequency, double maxFrequency)
    {
        var melMin = HzToMel(minFrequency);
        var melMax = HzToMel(maxFrequency);
        var edges = new double[melCount + 2];
        for (var i = 0; i < edges.Length; i++) edges[i] = MelToHz(melMin + (melMax - melMin) * i / (melCount + 1));
        return edges;
    }

    public static double HzToMel(double hz) => 2595.0 * Math.Log10(1.0 + hz / 700.0);

    public static double MelToHz(double mel) => 700.0 * (Math.Pow(10, mel / 2595.0) - 1.0);
}
