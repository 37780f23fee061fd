namespace Recurrent.Audio;

/// <summary>
/// Mel-frequency cepstral coefficients as torchaudio.transforms.MFCC (DCT-II, norm "ortho"):
/// c[j] = Σ_m L[m]·D[m, j] with D[m, j] = cos(π/M·(m + ½)·j)·√(2/M), and column 0 further scaled by 1/√2,
/// where L is the log mel spectrum of M bands. Legend: M mel bands, C coefficients.
/// </summary>
public sealed class Mfcc
{
    /// <summary>torchaudio's log_offset when <c>log_mels=True</c>: keeps log() finite on silent bands.</summary>
    public const double LogOffset = 1e-6;

    private readonly double[] _dct; // (M, C)

    public Mfcc(int melCount, int coefficientCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(melCount);
        if (coefficientCount <= 0 || coefficientCount > melCount)
            throw new ArgumentOutOfRangeException(nameof(coefficientCount), coefficientCount, $"MFCC needs 1 to n_mels ({melCount}) coefficients.");
        MelCount = melCount;
        CoefficientCount = coefficientCount;
        _dct = new double[melCount * coefficientCount];
        for (var m = 0; m < melCount; m++)
        {
            for (var j = 0; j < coefficientCount; j++)
            {
                var scale = Math.Sqrt(2.0 / melCount) * (j == 0 ? 1 / Math.Sqrt(2.0) : 1);
                _dct[m * coefficientCount + j] = Math.Cos(Math.PI / melCount * (m + 0.5) * j) * scale;
            }
        }
    }

    public int MelCount { get; }

    public int CoefficientCount { get; }

    /// <param name="logMel">(M) log mel spectrum</param>
    /// <param name="coefficients">(C)</param>
    public void Apply(ReadOnlySpan<double> logMel, Span<double> coefficients)
    {
        coefficients[..CoefficientCount].Clear();
        for (var m = 0; m < MelCount; m++)
        {
            var row = _dct.AsSpan(m * CoefficientCount, CoefficientCount);
            for (var j = 0; j < CoefficientCount; j++) coefficients[j] += logMel[m] * row[j];
        }
    }

    /// <summary>
    /// torchaudio's AmplitudeToDB("power", top_db), MFCC's default log: x ← 10·log₁₀(max(x, 1e-10)), then, with a
    /// <paramref name="topDecibels"/>, x ← max(x, max(all x) − top_db). The floor depends on the loudest value of
    /// the whole clip, so this form cannot stream; the wake-word features use ln(x + 1e-6) instead.
    /// </summary>
    public static void PowerToDecibels(Span<double> values, double? topDecibels)
    {
        var max = double.NegativeInfinity;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = 10 * Math.Log10(Math.Max(values[i], 1e-10));
            max = Math.Max(max, values[i]);
        }
        if (topDecibels is not { } top) return;
        for (var i = 0; i < values.Length; i++) values[i] = Math.Max(values[i], max - top);
    }
}
