namespace Recurrent.Audio;

/// <summary>
/// Per-channel energy normalisation (PCEN), the front end of Wang et al. (2017) in place of the log: each mel band's
/// energy E is divided by its own running average M, then compressed by a root:
/// <code>
/// M_t = (1 − s)·M_(t−1) + s·E_t,   M_(−1) = E_0,   s = 1 − e^(−hop/τ)
/// P_t = (E_t / (ε + M_t)^α + δ)^r − δ^r
/// </code>
/// Dividing by M is an automatic gain control per band with a time constant τ of a few hundred milliseconds: a
/// fixed gain g on a band (a quieter microphone, a different frequency response, a louder or softer voice) changes
/// E/M^α only by g^(1−α) (g^0.02 with α = 0.98), where under the log it shifts the feature by ln g. What is left is
/// how each band changes against its own recent past: onsets, which is what speech is made of. E is the mel energy
/// of audio scaled to 16-bit sample counts (×2^15, so E ×2^30), the scale for which ε = 1e-6 is far below any sound.
/// M starts at the first frame's energy, so a stream does not begin with a burst. Legend: M mel bands.
/// </summary>
/// <remarks>Carries M from frame to frame: one instance per stream; <see cref="Reset"/> starts a new one.</remarks>
public sealed class Pcen
{
    /// <summary>Power scale of 16-bit sample counts: (2^15)².</summary>
    public const double EnergyScale = 1L << 30;

    private readonly PcenSettings _settings;
    private readonly double _smoothing;       // s
    private readonly double _biasRoot;        // δ^r
    private readonly double[] _average;       // (M) running average of the scaled energy
    private bool _started;

    public Pcen(PcenSettings settings, double hopMs, int melCount)
    {
        settings.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(melCount);
        if (!(hopMs > 0)) throw new ArgumentOutOfRangeException(nameof(hopMs), hopMs, "The hop must be positive.");
        _settings = settings;
        _smoothing = SmootherWeight(settings.TimeConstantMs, hopMs);
        _biasRoot = Math.Pow(settings.Bias, settings.Power);
        _average = new double[melCount];
    }

    /// <summary>s = 1 − e^(−hop/τ): the one-pole smoother whose step response reaches 1 − 1/e after τ.</summary>
    public static double SmootherWeight(double timeConstantMs, double hopMs) => 1 - Math.Exp(-hopMs / timeConstantMs);

    /// <summary>Forgets the running average: the next frame starts a new stream.</summary>
    public void Reset() => _started = false;

    /// <summary>Normalises one frame in place and advances the running average.</summary>
    /// <param name="melEnergies">(M) mel energies of audio at full scale ±1, replaced by their PCEN values</param>
    public void Apply(Span<double> melEnergies)
    {
        if (melEnergies.Length != _average.Length)
            throw new ArgumentException($"PCEN expects {_average.Length} mel bands, got {melEnergies.Length}.", nameof(melEnergies));
        if (!_started)
        {
            for (var m = 0; m < _average.Length; m++) _average[m] = melEnergies[m] * EnergyScale;
            _started = true;
        }
        var (alpha, delta, root, epsilon) = (_settings.Gain, _settings.Bias, _settings.Power, _settings.Epsilon);
        for (var m = 0; m < _average.Length; m++)
        {
            var energy = melEnergies[m] * EnergyScale;
            _average[m] += _smoothing * (energy - _average[m]);
            melEnergies[m] = Math.Pow(energy / Math.Pow(epsilon + _average[m], alpha) + delta, root) - _biasRoot;
        }
    }
}
