using Recurrent.Tensors;

namespace Recurrent.Wake;

/// <summary>
/// SpecAugment's masking (Park et al., 2019) on normalised training features: <see cref="MasksPerAxis"/> runs of
/// up to F consecutive mel bands are set to 0 in every frame, and as many runs of up to T consecutive frames are set
/// to 0 in every band; each width is drawn from 0..max, each start uniformly. 0 is the training mean after
/// normalisation, so a mask removes information without adding an impossible value. The aim is a detector that
/// does not lean on one band region or moment, the usual remedy when few speakers are heard; on the FSDD benchmark
/// one 6,000-step run with F = 8 and T = 15 did not show it helping (README). Legend: T frames, F features.
/// </summary>
public static class SpectrogramMasking
{
    /// <summary>Two masks per axis, as SpecAugment's LibriSpeech policies use.</summary>
    public const int MasksPerAxis = 2;

    /// <param name="features">(T, F) normalised frames, masked in place</param>
    /// <param name="maxBands">widest frequency mask in bands; 0 draws none</param>
    /// <param name="maxFrames">widest time mask in frames; 0 draws none</param>
    public static void Apply(Span<float> features, int width, int maxBands, int maxFrames, Rng rng)
    {
        var frames = features.Length / width;
        for (var i = 0; i < MasksPerAxis && maxBands > 0; i++)
        {
            var bands = rng.NextInt(Math.Min(maxBands, width) + 1);
            var first = rng.NextInt(width - bands + 1);
            for (var t = 0; t < frames; t++) features.Slice(t * width + first, bands).Clear();
        }
        for (var i = 0; i < MasksPerAxis && maxFrames > 0; i++)
        {
            var length = rng.NextInt(Math.Min(maxFrames, frames) + 1);
            var start = rng.NextInt(frames - length + 1);
            features.Slice(start * width, length * width).Clear();
        }
    }
}
