namespace Recurrent.Wake;

/// <summary>How training examples are mixed: lengths, chances, signal-to-noise ratios and perturbation ranges.</summary>
public sealed record MixSettings
{
    /// <summary>2 s: room for a one-word clip at a random offset with the labelled span after it.</summary>
    public double ExampleSeconds { get; init; } = 2.0;

    /// <summary>Half the examples hold the wake word, so positives are seen often though their frames are rare.</summary>
    public double PositiveProbability { get; init; } = 0.5;

    /// <summary>Each of <see cref="NegativeDraws"/> draws adds other speech with this chance: speech alone is not the wake word.</summary>
    public double NegativeProbability { get; init; } = 0.5;

    /// <summary>
    /// Up to two other-speech clips per example: other words far outnumber the wake word in real life, and a
    /// detector that fires after any word is the commonest failure.
    /// </summary>
    public int NegativeDraws { get; init; } = 2;

    /// <summary>
    /// 0–40 dB: from as loud as the speech to a quiet room. Trained on 0–20 dB, the default until 2026-11-30, a
    /// detector missed most wake words spoken with little noise under them; with 0–40 dB three seeds missed half as
    /// many in a quiet room, at a cost of a few points at 10 dB and more with a quiet microphone (README, "Outside
    /// the benchmark's conditions").
    /// </summary>
    public double MinSnrDb { get; init; } = 0;

    /// <summary>The top of the uniform SNR range; at 60 dB generated noise is near the features' floor, as digital silence is.</summary>
    public double MaxSnrDb { get; init; } = 40;

    /// <summary>
    /// Speech level varies ±9 dB around −26 dBFS (RMS 0.05), a normal microphone level. ±20 dB made a detector
    /// find quiet speech (20 dB down) far better but cost at 10 dB with the same model and steps (one seed; README).
    /// </summary>
    public double GainRangeDb { get; init; } = 9;

    /// <summary>±10% speed (tempo and pitch together), as sox's speed effect; people speak at different rates.</summary>
    public double SpeedRange { get; init; } = 0.1;

    /// <summary>
    /// Each clip loses a random 0 to this many seconds from its start (its first sound: clips are trimmed of silence
    /// when read), never more than half of it, as a recording begun late or a faint first consonant would: in FSDD,
    /// Yweweler's zeros come within 6 dB of their loudest 20 ms after they start (median), the other three speakers'
    /// and espeak-ng's in 90–155 ms. 0, the default, keeps every clip whole (and draws as before the option existed).
    /// </summary>
    public double OnsetTrimSeconds { get; init; }

    /// <summary>
    /// ±2 semitones at constant tempo: each clip is resampled by a factor p of up to ±2 semitones and stretched back to
    /// its length by <see cref="Audio.TimeStretch"/>. That moves the formants by p but, unless
    /// <see cref="AlignedStretch"/>, hardly the fundamental (plain overlap-add, measured on a harmonic complex: +3
    /// semitones, 180 → 176 Hz; −3, 180 → 184 Hz): a shift of the vocal tract's resonances more than of the pitch.
    /// </summary>
    public double PitchSemitones { get; init; } = 2;

    /// <summary>
    /// Stretches pitch-perturbed clips back to length with waveform-aligned overlap-add (WSOLA), so the fundamental
    /// moves with the formants, as the name <see cref="PitchSemitones"/> promises. Off by default: plain overlap-add
    /// is what every recorded run used, and a run without this draws the same examples as before it existed.
    /// </summary>
    public bool AlignedStretch { get; init; }

    /// <summary>
    /// A random microphone per example: a tilt of up to ± this many dB at the band edges plus a ripple of half
    /// that (<see cref="ChannelPerturbation"/>); 0, the default, leaves the spectrum as recorded.
    /// </summary>
    public double ChannelDb { get; init; }

    /// <summary>
    /// Vocal tract length perturbation (<see cref="FrequencyWarp"/>): each example's spectrum is stretched along
    /// frequency by a factor drawn from 1 ± this; 0, the default, leaves it as recorded. Mel bands only. On the FSDD
    /// benchmark ±0.1 made the best recipe measured worse on three seeds of three (21% against 11.7%; README).
    /// </summary>
    public double VtlpRange { get; init; }

    /// <summary>
    /// The chance that an example passes through an 8 kHz channel (down to 8 kHz and back), as telephone audio and
    /// 8 kHz recordings do: without it, a model trained over full-band noise meets an empty top half of the spectrum
    /// only in use. 0, the default, leaves every example full-band.
    /// </summary>
    public double NarrowbandProbability { get; init; }

    /// <summary>
    /// SpecAugment frequency masks (<see cref="SpectrogramMasking"/>): two runs of up to this many mel bands are
    /// blanked per example; 0, the default, masks none. Log-mel features only: an MFCC mixes every band.
    /// </summary>
    public int FrequencyMaskBands { get; init; }

    /// <summary>SpecAugment time masks: two runs of up to this many frames are blanked per example; 0, the default, masks none.</summary>
    public int TimeMaskFrames { get; init; }

    /// <summary>
    /// The share of other-speech draws taken in proportion to how high the model being trained scores each clip
    /// (<see cref="NegativeHardness"/>, measured again every <see cref="WakeTrainingOptions.HardNegativeEvery"/> steps) instead of
    /// uniformly: false accepts come from a few confusable takes, which uniform draws show rarely. 0, the default,
    /// draws every clip alike (and the same examples as before the option existed).
    /// </summary>
    public double HardNegativeShare { get; init; }

    public void Validate()
    {
        if (FrequencyMaskBands < 0) throw new ArgumentException($"The frequency mask width must not be negative; got {FrequencyMaskBands}.");
        if (TimeMaskFrames is < 0 or > 50) throw new ArgumentException($"The time mask width must be 0 to 50 frames; got {TimeMaskFrames}.");
        if (!(ChannelDb is >= 0 and <= 30)) throw new ArgumentException($"The channel range must be 0 to 30 dB; got {ChannelDb}.");
        if (!(VtlpRange is >= 0 and <= 0.3)) throw new ArgumentException($"The vocal tract length range must be 0 to 0.3; got {VtlpRange}.");
        if (!(SpeedRange is >= 0 and < 0.5)) throw new ArgumentException($"The speed range must be at least 0 and below 0.5; got {SpeedRange}.");
        if (!(OnsetTrimSeconds is >= 0 and <= 0.5)) throw new ArgumentException($"The onset trim must be 0 to 500 ms; got {OnsetTrimSeconds * 1000:G4} ms.");
        if (!(HardNegativeShare is >= 0 and <= 1)) throw new ArgumentException($"The hard-negative share must be 0 to 1; got {HardNegativeShare}.");
        if (!(NarrowbandProbability is >= 0 and <= 1)) throw new ArgumentException($"The narrowband chance must be 0 to 1; got {NarrowbandProbability}.");
        if (!(GainRangeDb is >= 0 and <= 30)) throw new ArgumentException($"The gain range must be 0 to 30 dB; got {GainRangeDb}.");
        if (!(MinSnrDb >= -20 && MinSnrDb <= MaxSnrDb && MaxSnrDb <= 100))
            throw new ArgumentException($"The SNR range MIN:MAX must have −20 ≤ MIN ≤ MAX ≤ 100 dB; got {MinSnrDb}:{MaxSnrDb}.");
        if (!(PitchSemitones is >= 0 and <= 12)) throw new ArgumentException($"The pitch range must be 0 to 12 semitones; got {PitchSemitones}.");
    }

    /// <summary>RMS of speech at 0 dB gain.</summary>
    public const double NominalSpeechRms = 0.05;
}
