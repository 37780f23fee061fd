using System.Numerics.Tensors;

namespace Recurrent.Audio;

/// <summary>
/// Changes duration by overlap-add: Hann-windowed frames of 25 ms are read every h_a = h_s / r samples and written
/// every h_s samples (75% overlap), then divided by the summed windows, giving about r times the input's length.
/// </summary>
/// <remarks>
/// Plain overlap-add (<see cref="Apply"/>) keeps each frame's short-time spectrum, so the spectral envelope (a voice's
/// formants) stays, but its frames are not aligned to the waveform, so periodicity below about 300 Hz does not: a
/// voice's fundamental comes out scaled by about 1/r (measured on 2026-12-03: a 120 Hz tone stretched by 0.8 comes
/// out at 150 Hz, by 1.25 at 96 Hz). Resampling by p and then stretching by p, as the wake mixer's pitch perturbation
/// does by default, therefore moves the formants by p and leaves the fundamental within a few percent of where it was.
/// <see cref="ApplyAligned"/> is WSOLA (Verhelst and Roelands, 1993): each frame after the first is read from within
/// ±10 ms of its nominal place, where it best continues the frame before it (the highest normalised correlation with
/// the samples that followed that frame in the input), so periods line up and the pitch stays.
/// </remarks>
public static class TimeStretch
{
    /// <summary>The clip stretched to ⌊r·N⌋ samples by plain overlap-add.</summary>
    /// <param name="ratio">r: output length over input length</param>
    public static float[] Apply(ReadOnlySpan<float> samples, double ratio, int sampleRate) => Stretch(samples, ratio, sampleRate, aligned: false);

    /// <summary>The clip stretched to ⌊r·N⌋ samples by waveform-aligned overlap-add (WSOLA): the pitch stays.</summary>
    /// <param name="ratio">r: output length over input length</param>
    public static float[] ApplyAligned(ReadOnlySpan<float> samples, double ratio, int sampleRate) => Stretch(samples, ratio, sampleRate, aligned: true);

    private static float[] Stretch(ReadOnlySpan<float> samples, double ratio, int sampleRate, bool aligned)
    {
        if (!(ratio > 0)) throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The stretch ratio must be positive.");
        var frame = Math.Max(4, sampleRate / 40);
        var synthesisHop = frame / 4;
        var analysisHop = synthesisHop / ratio;
        // ±10 ms: a period of voices down to 50 Hz fits in the search, so some candidate lines up with the last frame.
        var search = aligned ? sampleRate / 100 : 0;
        var length = (int)(samples.Length * ratio);
        var output = new double[length + frame];
        var weights = new double[length + frame];
        // The window once per clip, not once per frame: the cosines cost more than the overlap-add itself.
        var window = new double[frame];
        for (var n = 0; n < frame; n++) window[n] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / frame);
        var previous = 0;
        for (var j = 0; j * synthesisHop < length; j++)
        {
            var start = (int)Math.Round(j * analysisHop);
            if (search > 0 && j > 0) start = BestContinuation(samples, previous + synthesisHop, start, search, frame);
            previous = start;
            for (var n = 0; n < frame; n++)
            {
                var w = window[n];
                var x = start + n < samples.Length ? samples[start + n] : 0f;
                output[j * synthesisHop + n] += w * x;
                weights[j * synthesisHop + n] += w;
            }
        }
        var result = new float[length];
        for (var i = 0; i < length; i++) result[i] = weights[i] > 1e-3 ? (float)(output[i] / weights[i]) : 0f;
        return result;
    }

    /// <summary>
    /// The start within ±<paramref name="search"/> of <paramref name="nominal"/> whose frame correlates best, normalised
    /// by its energy, with the frame at <paramref name="continuation"/> (what followed the last frame read). Frames
    /// must lie inside the clip for a comparison; where none can, the nominal start stays. Every second start is
    /// scored, then the two beside the best (content above 4 kHz, which a two-sample step could miss, is little of a
    /// voice's energy), and each frame's energy is a running sum: a quarter of the products of scoring every start.
    /// </summary>
    private static int BestContinuation(ReadOnlySpan<float> samples, int continuation, int nominal, int search, int frame)
    {
        if (continuation + frame > samples.Length) return nominal;
        var target = samples.Slice(continuation, frame);
        var lowest = Math.Max(0, nominal - search);
        var highest = Math.Min(samples.Length - frame, nominal + search);
        if (highest < lowest) return nominal;
        // energies[i]: Σ x² over the frame starting at lowest + i, each from the one before it.
        Span<double> energies = stackalloc double[highest - lowest + 1];
        var energy = 0.0;
        foreach (var x in samples.Slice(lowest, frame)) energy += (double)x * x;
        for (var i = 0; ; i++)
        {
            energies[i] = energy;
            if (lowest + i == highest) break;
            energy += (double)samples[lowest + i + frame] * samples[lowest + i + frame] - (double)samples[lowest + i] * samples[lowest + i];
        }
        var best = nominal;
        var bestScore = double.NegativeInfinity;
        for (var start = lowest; start <= highest; start += 2)
            Keep(start, Score(samples.Slice(start, frame), target, energies[start - lowest]), ref best, ref bestScore);
        // Every candidate silent: nothing to align to, and the nominal start (which may lie past the last whole frame) stays.
        if (double.IsNegativeInfinity(bestScore)) return nominal;
        var coarse = best;
        // The two odd neighbours of the best even start, where they lie in the search.
        for (var start = coarse - 1; start <= coarse + 1; start += 2)
        {
            if (start >= lowest && start <= highest)
                Keep(start, Score(samples.Slice(start, frame), target, energies[start - lowest]), ref best, ref bestScore);
        }
        return best;
    }

    /// <summary>The correlation of a candidate frame with the target over the candidate's norm; −∞ for a silent frame.</summary>
    private static double Score(ReadOnlySpan<float> candidate, ReadOnlySpan<float> target, double energy) =>
        // A running sum can leave a tiny residue where the frame is silent: such a frame has nothing to align.
        energy <= 1e-12 ? double.NegativeInfinity : TensorPrimitives.Dot(candidate, target) / Math.Sqrt(energy);

    private static void Keep(int start, double score, ref int best, ref double bestScore)
    {
        if (score > bestScore) (best, bestScore) = (start, score);
    }
}
