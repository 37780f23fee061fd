namespace Recurrent.Audio;

/// <summary>
/// Computes feature frames from audio that arrives in chunks of any size, giving exactly the frames
/// <see cref="FeatureExtractor.Compute"/> gives for the whole stream at once. It keeps only the samples a future
/// frame still needs (under n_fft), so the work per chunk depends on the chunk, not on how long the stream has run.
/// </summary>
public sealed class StreamingFeatureExtractor(FeatureSettings settings)
{
    private readonly FeatureExtractor _extractor = new(settings);
    private float[] _pending = new float[2 * settings.FrameSamples]; // samples not yet consumed by a hop
    private int _pendingCount;
    private float[] _frames = [];                                    // (T, F) frames of the last Push

    public FeatureSettings Settings => _extractor.Settings;

    public int FeatureCount => _extractor.FeatureCount;

    /// <summary>Adds samples and returns the frames they complete, (T, F); the span is valid until the next call.</summary>
    public ReadOnlySpan<float> Push(ReadOnlySpan<float> samples)
    {
        if (_pending.Length < _pendingCount + samples.Length) Array.Resize(ref _pending, _pendingCount + samples.Length);
        samples.CopyTo(_pending.AsSpan(_pendingCount));
        _pendingCount += samples.Length;
        var frames = _extractor.FrameCount(_pendingCount);
        var width = FeatureCount;
        if (_frames.Length < frames * width) _frames = new float[frames * width];
        for (var t = 0; t < frames; t++)
            _extractor.ComputeFrame(_pending.AsSpan(t * _extractor.HopSamples, _extractor.FrameSamples), _frames.AsSpan(t * width, width));
        // Drop the samples every later frame starts after.
        var consumed = frames * _extractor.HopSamples;
        _pending.AsSpan(consumed, _pendingCount - consumed).CopyTo(_pending);
        _pendingCount -= consumed;
        return _frames.AsSpan(0, frames * width);
    }
}
