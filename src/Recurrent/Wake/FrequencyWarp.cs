using Recurrent.Audio;
using Recurrent.Tensors;

namespace Recurrent.Wake;

/// <summary>
/// Vocal tract length perturbation (VTLP; Jaitly and Hinton, 2013) on mel-band frames: a speaker's formants sit at
/// frequencies scaled by the length of his vocal tract, so the spectrum of an example is stretched along frequency by
/// a factor α drawn per example from [1 − r, 1 + r]. The warp is piecewise linear, w(f) = α·f up to a knee at
/// f_k = 0.85·f_max·min(1, α)/α and a straight line from there to w(f_max) = f_max above it, so the band edge stays
/// where it is. Each output band m, centred at c_m, takes the value at w⁻¹(c_m) of the input frame, linearly
/// interpolated between the two input bands whose centres enclose it (the frame is a smooth function of the mel
/// position at the bands' spacing). The pitch perturbation resamples the clip, which moves the formants and the pitch
/// together; real voices differ in both independently, and three training speakers bring only three vocal tracts.
/// Mel bands only (log-mel or PCEN): an MFCC mixes every band. Legend: T frames, M mel bands.
/// </summary>
/// <remarks>Holds scratch buffers: one instance per thread.</remarks>
public sealed class FrequencyWarp
{
    /// <summary>Below a knee near 85% of the top frequency the warp is a pure scaling; speech formants lie well below it.</summary>
    private const double KneeFraction = 0.85;

    private readonly double[] _centres;   // (M) centre frequency of each band, Hz
    private readonly double _melMin, _melStep, _maxFrequency;
    private readonly int[] _lower;        // (M) input band below each output band's source position
    private readonly float[] _upperShare; // (M) interpolation weight of the band above it
    private readonly float[] _frame;      // (M) the input frame, while the output overwrites it

    public FrequencyWarp(FeatureSettings settings)
    {
        if (settings.MfccCount > 0) throw new ArgumentException("A frequency warp (VTLP) moves mel bands, but this model reads MFCCs, each of which mixes every band; use log-mel features (no MFCCs) or no warp.");
        var bands = settings.MelCount;
        _maxFrequency = settings.MaxFrequency ?? settings.SampleRate / 2.0;
        // Band m's triangle peaks at edge point m + 1; the points are equally spaced in mel.
        var edges = MelFilterbank.EdgeFrequencies(bands, settings.MinFrequency, _maxFrequency);
        _centres = edges[1..^1];
        _melMin = MelFilterbank.HzToMel(settings.MinFrequency);
        _melStep = (MelFilterbank.HzToMel(_maxFrequency) - _melMin) / (bands + 1);
        _lower = new int[bands];
        _upperShare = new float[bands];
        _frame = new float[bands];
    }

    /// <summary>Draws α from [1 − <paramref name="range"/>, 1 + <paramref name="range"/>] and warps every frame by it; returns α.</summary>
    /// <param name="features">(T, M) frames before normalisation, warped in place</param>
    public double Apply(Span<float> features, double range, Rng rng)
    {
        var factor = WakeMixer.Uniform(rng, 1 - range, 1 + range);
        Apply(features, factor);
        return factor;
    }

    /// <summary>Warps every frame by <paramref name="factor"/>: above 1 the spectrum moves up (a shorter vocal tract).</summary>
    /// <param name="features">(T, M) frames, warped in place</param>
    public void Apply(Span<float> features, double factor)
    {
        if (!(factor > 0)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "The warp factor must be positive.");
        var bands = _centres.Length;
        if (features.Length % bands != 0) throw new ArgumentException($"Features of length {features.Length} are not whole frames of {bands} mel bands.");
        var knee = KneeFraction * _maxFrequency * Math.Min(1, factor); // w(f_k), in output frequency
        for (var m = 0; m < bands; m++)
        {
            var output = _centres[m];
            var source = output <= knee
                ? output / factor
                : _maxFrequency - (_maxFrequency - output) * (_maxFrequency - knee / factor) / (_maxFrequency - knee);
            // Position among the input bands' centres: band j sits at (mel − mel_min)/step − 1 = j.
            var position = Math.Clamp((MelFilterbank.HzToMel(source) - _melMin) / _melStep - 1, 0, bands - 1);
            _lower[m] = Math.Min((int)position, Math.Max(0, bands - 2));
            _upperShare[m] = (float)(position - _lower[m]);
        }
        for (var t = 0; t < features.Length / bands; t++)
        {
            var frame = features.Slice(t * bands, bands);
            frame.CopyTo(_frame);
            for (var m = 0; m < bands; m++)
            {
                var lower = _lower[m];
                var upper = Math.Min(lower + 1, bands - 1);
                frame[m] = _frame[lower] + _upperShare[m] * (_frame[upper] - _frame[lower]);
            }
        }
    }
}
