using System.Numerics.Tensors;
using Recurrent.Audio;
using Recurrent.Models;

namespace Recurrent.Wake;

/// <summary>
/// Runs a wake-word model, or a <see cref="WakeEnsemble"/> of them, on audio that arrives in chunks: features are
/// computed incrementally (once for all members), each member's GRU state and its convolution's last K − 1 input
/// frames are carried from chunk to chunk, so the cost of a chunk depends only on its length and the scores equal
/// <see cref="ScoreClip(WakeEnsemble, ReadOnlySpan{float})"/> on the whole stream.
/// Legend: T frames, F features, K conv kernel, L layers, H hidden, M members.
/// </summary>
public sealed class WakeStream
{
    private readonly WakeEnsemble _ensemble;
    private readonly StreamingFeatureExtractor _features;
    private readonly float[][] _hidden;      // M × (L, 1, H) carried GRU states
    private readonly float[][] _context;     // M × (K − 1, 1, F) last normalised frames, for each convolution
    private float[] _frames = [];            // (T, 1, F) the current chunk's frames, normalised for one member
    private float[] _logits = [];            // (T) sum of the members' logits
    private float[] _scores = [];            // (T) probabilities of the current chunk

    public WakeStream(WakeModel<float> model) : this(new WakeEnsemble([model]))
    {
    }

    public WakeStream(WakeEnsemble ensemble)
    {
        _ensemble = ensemble;
        _features = new StreamingFeatureExtractor(ensemble.Features);
        _hidden = [.. ensemble.Members.Select(m => new float[m.StateLength(1)])];
        _context = [.. ensemble.Members.Select(m => new float[m.Convolution?.ContextLength(1) ?? 0])];
    }

    /// <summary>Frames scored so far.</summary>
    public long FramesSeen { get; private set; }

    /// <summary>Adds samples at the model's rate; returns the probability of every frame they complete (valid until the next call).</summary>
    public ReadOnlySpan<float> Push(ReadOnlySpan<float> samples)
    {
        var raw = _features.Push(samples);
        var width = _ensemble.Features.FeatureCount;
        var steps = raw.Length / width;
        if (steps == 0) return [];
        if (_frames.Length < raw.Length) _frames = new float[raw.Length];
        if (_scores.Length < steps)
        {
            _scores = new float[steps];
            _logits = new float[steps];
        }
        var frames = _frames.AsSpan(0, raw.Length);
        var logits = _logits.AsSpan(0, steps);
        logits.Clear();
        for (var m = 0; m < _ensemble.Members.Count; m++)
        {
            var model = _ensemble.Members[m];
            AddLogits(model, raw, frames, steps, logits, _hidden[m], _context[m]);
            model.FinalHidden.CopyTo(_hidden[m]);
            ShiftContext(_context[m], frames);
        }
        var scores = _scores.AsSpan(0, steps);
        MeanSigmoid(logits, _ensemble.Members.Count, scores);
        FramesSeen += steps;
        return scores;
    }

    /// <summary>Probabilities of every frame of a whole clip at the model's rate, in one forward pass from silence.</summary>
    public static float[] ScoreClip(WakeModel<float> model, ReadOnlySpan<float> samples) => ScoreClip(new WakeEnsemble([model]), samples);

    /// <summary>The ensemble's probabilities of every frame of a whole clip: each member's forward pass from silence, logits averaged.</summary>
    public static float[] ScoreClip(WakeEnsemble ensemble, ReadOnlySpan<float> samples)
    {
        var raw = new FeatureExtractor(ensemble.Features).Compute(samples);
        var steps = raw.Length / ensemble.Features.FeatureCount;
        var scores = new float[steps];
        if (steps == 0) return scores;
        var logits = new float[steps];
        var frames = new float[raw.Length];
        foreach (var model in ensemble.Members) AddLogits(model, raw, frames, steps, logits);
        MeanSigmoid(logits, ensemble.Members.Count, scores);
        return scores;
    }

    /// <summary>
    /// Normalises the raw frames (T, 1, F) for one member into <paramref name="frames"/>, runs it from the given
    /// state and adds its logits (T) to <paramref name="logitSums"/>.
    /// </summary>
    private static void AddLogits(WakeModel<float> model, ReadOnlySpan<float> raw, Span<float> frames, int steps, Span<float> logitSums,
        ReadOnlySpan<float> hidden = default, ReadOnlySpan<float> context = default)
    {
        raw.CopyTo(frames);
        model.Config.Normalization.Apply(frames);
        model.Forward(frames, steps, 1, hidden, context);
        TensorPrimitives.Add(logitSums, model.Logits, logitSums);
    }

    /// <summary>Keeps the last K − 1 frames of (context, frames): what the next chunk's first outputs look back on.</summary>
    private static void ShiftContext(float[] context, ReadOnlySpan<float> frames)
    {
        if (context.Length == 0) return;
        if (frames.Length >= context.Length)
        {
            frames[^context.Length..].CopyTo(context);
            return;
        }
        var keep = context.Length - frames.Length;
        context.AsSpan(frames.Length, keep).CopyTo(context);
        frames.CopyTo(context.AsSpan(keep));
    }

    /// <summary>p = σ(Σ logits / members); one member's logits are divided by 1, so its scores are the model's own.</summary>
    private static void MeanSigmoid(ReadOnlySpan<float> logitSums, int members, Span<float> probabilities)
    {
        for (var i = 0; i < probabilities.Length; i++) probabilities[i] = 1f / (1f + MathF.Exp(-logitSums[i] / members));
    }
}
