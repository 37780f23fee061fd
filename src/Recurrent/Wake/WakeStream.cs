using Recurrent.Audio;
using Recurrent.Models;

namespace Recurrent.Wake;

/// <summary>
/// Runs a wake-word model on audio that arrives in chunks: features are computed incrementally, the GRU state and
/// the convolution's last K − 1 input frames are carried from chunk to chunk, so the cost of a chunk depends only
/// on its length and the scores equal <see cref="ScoreClip"/> on the whole stream.
/// Legend: T frames, F features, K conv kernel, L layers, H hidden.
/// </summary>
public sealed class WakeStream
{
    private readonly WakeModel<float> _model;
    private readonly StreamingFeatureExtractor _features;
    private readonly float[] _hidden;        // (L, 1, H) carried GRU state
    private readonly float[] _context;       // (K − 1, 1, F) last normalised frames, for the convolution
    private float[] _frames = [];            // (T, 1, F) normalised frames of the current chunk
    private float[] _scores = [];            // (T) probabilities of the current chunk

    public WakeStream(WakeModel<float> model)
    {
        _model = model;
        _features = new StreamingFeatureExtractor(model.Config.Features);
        _hidden = new float[model.StateLength(1)];
        _context = new float[model.Convolution?.ContextLength(1) ?? 0];
    }

    /// <summary>Frames scored so far.</summary>
    public long FramesSeen { get; private set; }

    /// <summary>Adds samples at the model's rate; returns the probability of every frame they complete (valid until the next call).</summary>
    public ReadOnlySpan<float> Push(ReadOnlySpan<float> samples)
    {
        var raw = _features.Push(samples);
        var width = _model.Config.FeatureCount;
        var steps = raw.Length / width;
        if (steps == 0) return [];
        if (_frames.Length < raw.Length) _frames = new float[raw.Length];
        if (_scores.Length < steps) _scores = new float[steps];
        var frames = _frames.AsSpan(0, raw.Length);
        raw.CopyTo(frames);
        _model.Config.Normalization.Apply(frames);
        _model.Forward(frames, steps, 1, _hidden, _context);
        _model.FinalHidden.CopyTo(_hidden);
        ShiftContext(frames, width);
        var scores = _scores.AsSpan(0, steps);
        Sigmoid(_model.Logits, scores);
        FramesSeen += steps;
        return scores;
    }

    /// <summary>Probabilities of every frame of a whole clip at the model's rate, in one forward pass from silence.</summary>
    public static float[] ScoreClip(WakeModel<float> model, ReadOnlySpan<float> samples)
    {
        var frames = new FeatureExtractor(model.Config.Features).Compute(samples);
        model.Config.Normalization.Apply(frames);
        var steps = frames.Length / model.Config.FeatureCount;
        var scores = new float[steps];
        if (steps == 0) return scores;
        model.Forward(frames, steps, 1);
        Sigmoid(model.Logits, scores);
        return scores;
    }

    /// <summary>Keeps the last K − 1 frames of (context, frames): what the next chunk's first outputs look back on.</summary>
    private void ShiftContext(ReadOnlySpan<float> frames, int width)
    {
        if (_context.Length == 0) return;
        if (frames.Length >= _context.Length)
        {
            frames[^_context.Length..].CopyTo(_context);
            return;
        }
        var keep = _context.Length - frames.Length;
        _context.AsSpan(frames.Length, keep).CopyTo(_context);
        frames.CopyTo(_context.AsSpan(keep));
    }

    private static void Sigmoid(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        for (var i = 0; i < probabilities.Length; i++) probabilities[i] = 1f / (1f + MathF.Exp(-logits[i]));
    }
}
