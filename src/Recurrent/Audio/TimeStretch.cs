namespace Recurrent.Audio;

/// <summary>
/// Changes duration without changing pitch by overlap-add: Hann-windowed frames of 25 ms are read every
/// h_a = h_s / r samples and written every h_s samples (75% overlap), then divided by the summed windows, giving
/// about r times the input's length. Crude next to a phase vocoder, but enough for data augmentation, where it
/// turns a resampling (pitch and tempo together) into a pitch shift.
/// </summary>
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
        for (var j = 0; j * synthesisHop < length; j++)
        {
            var start = (int)Math.Round(j * analysisHop);
            for (var n = 0; n < frame; n++)
            {
                var w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / frame);
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
