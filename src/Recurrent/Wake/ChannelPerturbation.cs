using Recurrent.Audio;
using Recurrent.Tensors;

namespace Recurrent.Wake;

/// <summary>
/// A random microphone and room: a smooth gain curve over the mel bands, g(x) = D·(a·(2x − 1) + b·sin(2π·c·x + φ))
/// dB at band position x ∈ [0, 1], with a ∈ [−1, 1] (a tilt of up to ±D dB at the edges), b ∈ [−½, ½] (a ripple),
/// c ∈ [½, 2] cycles and φ ∈ [0, 2π), added to every log-mel frame of an example as g·ln(10)/10 (a power gain in
/// natural log). Recordings of one word through different microphones differ by such a curve, and three training
/// speakers bring only three; drawing a new one per example teaches the detector to ignore it. MFCCs are a linear
/// transform (DCT) of the log-mel frame, so for them the curve goes through the same DCT and the shift stays exact.
/// Legend: T frames, F features, M mel bands.
/// </summary>
/// <remarks>Holds scratch buffers: one instance per thread.</remarks>
public sealed class ChannelPerturbation
{
    private readonly Mfcc? _mfcc;
    private readonly double[] _melOffsets;    // (M) natural-log gain per band
    private readonly double[] _offsets;       // (F) the same gain in feature space

    public ChannelPerturbation(FeatureSettings settings)
    {
        if (settings.MfccCount > 0) _mfcc = new Mfcc(settings.MelCount, settings.MfccCount);
        _melOffsets = new double[settings.MelCount];
        _offsets = new double[settings.FeatureCount];
    }

    /// <summary>Draws one channel with edges of up to ±<paramref name="decibels"/> and adds it to every frame.</summary>
    /// <param name="features">(T, F) frames before normalisation</param>
    public void Apply(Span<float> features, double decibels, Rng rng)
    {
        var tilt = WakeMixer.Uniform(rng, -1, 1);
        var ripple = WakeMixer.Uniform(rng, -0.5, 0.5);
        var cycles = WakeMixer.Uniform(rng, 0.5, 2);
        var phase = WakeMixer.Uniform(rng, 0, 2 * Math.PI);
        var bands = _melOffsets.Length;
        for (var m = 0; m < bands; m++)
        {
            var x = bands == 1 ? 0.5 : (double)m / (bands - 1);
            var gainDb = decibels * (tilt * (2 * x - 1) + ripple * Math.Sin(2 * Math.PI * cycles * x + phase));
            _melOffsets[m] = gainDb * Math.Log(10) / 10;
        }
        if (_mfcc is null) _melOffsets.CopyTo(_offsets, 0);
        else _mfcc.Apply(_melOffsets, _offsets);
        var width = _offsets.Length;
        for (var t = 0; t < features.Length / width; t++)
        {
            var frame = features.Slice(t * width, width);
            for (var f = 0; f < width; f++) frame[f] += (float)_offsets[f];
        }
    }
}
