using Recurrent.Models;
using Recurrent.Tensors;

namespace Recurrent.Wake;

/// <summary>
/// How much a detector takes each clip of other speech for the wake word: the clip alone in a test stream (1–3 s of
/// background, the clip at the nominal speech level, 1 s after it) at <see cref="SnrDb"/>, scored whole, and its
/// highest frame probability. With <see cref="MixSettings.HardNegativeShare"/> the trainer measures it every
/// <see cref="WakeTrainingOptions.HardNegativeEvery"/> steps with the live weights, and the mixer draws that share of
/// its other speech in proportion to it: the takes the detector fires on come back more often, as a user who adds a
/// detector's false activations to its negatives would have them. The model's score on background alone is a floor
/// under every clip (about 0.016 for the FSDD benchmark's models), so much of the share still goes to ordinary clips.
/// </summary>
public static class NegativeHardness
{
    /// <summary>Quiet background, so the clip's own sound decides its score, not the noise's.</summary>
    public const double SnrDb = 30;

    /// <summary>Each clip's highest probability under <paramref name="model"/>, in the order of <see cref="WakeMixer.Negatives"/>.</summary>
    public static float[] Measure(WakeModel<float> model, WakeMixer mixer, ulong seed)
    {
        var rng = new Rng(seed);
        var hardness = new float[mixer.Negatives.Count];
        for (var i = 0; i < hardness.Length; i++)
            hardness[i] = WakeStream.ScoreClip(model, mixer.Stream([mixer.Negatives[i]], SnrDb, rng).Samples).Max();
        return hardness;
    }
}
