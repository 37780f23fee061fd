namespace Recurrent.Wake;

/// <summary>
/// Max-pooling targets for the per-frame loss (Sun et al. 2016, max-pooling loss for keyword spotting). Frame labels
/// (<see cref="WakeMixer.Labels"/>) say "fire in the span after the word's end"; here each wake word instead has a
/// window, from its first sample to that span after its end, and only the window's highest-scoring frame is a
/// positive: the window's other frames are left out of the loss (weight 0) and every frame outside a window is a
/// negative. The model chooses where in the word to fire, so a speaker whose word ends sooner or later than the
/// recording's trimmed end suggests is not trained against. Frame t ends at sample t·hop + frame, as for the labels.
/// </summary>
public static class MaxPoolTargets
{
    /// <summary>
    /// The frames [First, Last] whose ends lie in [word start, word end + span); null when none do (a word whose
    /// window lies past the last frame).
    /// </summary>
    public static (int First, int Last)? Window(int frames, (int Start, int End) word, int hopSamples, int frameSamples, int spanSamples)
    {
        int? first = null, last = null;
        for (var t = 0; t < frames; t++)
        {
            var end = t * hopSamples + frameSamples;
            if (end < word.Start || end >= word.End + spanSamples) continue;
            first ??= t;
            last = t;
        }
        return first is null ? null : (first.Value, last!.Value);
    }

    /// <summary>Before the forward pass: targets 0 everywhere, weights 1 outside the windows and 0 inside them.</summary>
    public static void Prepare(Span<float> targets, Span<float> weights, IReadOnlyList<(int First, int Last)> windows)
    {
        targets.Clear();
        weights.Fill(1);
        foreach (var (first, last) in windows) weights[first..(last + 1)].Clear();
    }

    /// <summary>
    /// After the forward pass: in each window the frame with the highest logit becomes the positive (target 1,
    /// weight 1). The tensors are time-major (T, B); this example is column <paramref name="column"/> of
    /// <paramref name="batch"/>.
    /// </summary>
    public static void Choose(ReadOnlySpan<float> logits, Span<float> targets, Span<float> weights, int column, int batch,
        IReadOnlyList<(int First, int Last)> windows)
    {
        foreach (var (first, last) in windows)
        {
            var best = first;
            for (var t = first + 1; t <= last; t++)
                if (logits[t * batch + column] > logits[best * batch + column]) best = t;
            targets[best * batch + column] = 1;
            weights[best * batch + column] = 1;
        }
    }
}
