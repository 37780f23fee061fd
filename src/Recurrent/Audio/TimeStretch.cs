namespace Recurrent.Audio;

/// <summary>
/// Changes duration by overlap-add: Hann-windowed frames of 25 ms are read every h_a = h_s / r samples and written
/// every h_s samples (75% overlap), then divided by the summed windows, giving about r times the input's length.
/// </summary>
/// <remarks>
/// Each frame keeps its short-time spectrum, so the spectral envelope (a voice's formants) stays, but frames are not
/// aligned to the waveform (as WSOLA or a phase vocoder would), so periodicity below about 300 Hz does not: a voice's
/// fundamental comes out scaled by about 1/r (measured on 2026-12-03: a 120 Hz tone stretched by 0.8 comes out at
/// 150 Hz, by 1.25 at 96 Hz). Resampling by p and then stretching by p, as the wake mixer's pitch perturbation does,
/// therefore moves the formants by p and leaves the fundamental within a few percent of where it was.
/// </remarks>
public static class TimeStretch
{
    /// <summary>The clip stretched to ⌊r·N⌋ samples.</summary>
    /// <param name="ratio">r: output length over input length</param>
    public static float[] Apply(ReadOnlySpan<float> samples, double ratio, int sampleRate)
    {
        if (!(ratio > 0)) throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The stretch ratio must be positive.");
        var frame = Math.Max(4, sampleRate / 40);
        var synthesisHop = frame / 4;
        var analysisHop = synthesisHop / ratio;
        var length = (int)(samples.Length * ratio);
        var output = new double[length + frame];
        var weights = new double[length + frame];
        // The window once per clip, not once per frame: the cosines cost more than the overlap-add itself.
        var window = new double[frame];
        for (var n = 0; n < frame; n++) window[n] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / frame);
        for (var j = 0; j * synthesisHop < length; j++)
        {
            var start = (int)Math.Round(j * analysisHop);
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
}
