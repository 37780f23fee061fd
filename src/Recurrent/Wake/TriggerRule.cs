namespace Recurrent.Wake;

/// <summary>
/// When per-frame probabilities become a detection: at least <see cref="MinFrames"/> consecutive frames at or above
/// <see cref="Threshold"/>, and not within <see cref="RefractorySeconds"/> of the previous detection (one spoken
/// wake word keeps the score high for several frames and must count once).
/// </summary>
public sealed record TriggerRule
{
    /// <summary>0.5: the model's own decision boundary; eval's sweep shows the trade-off around it.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>3 frames (30 ms): a single-frame spike is more often noise than speech.</summary>
    public int MinFrames { get; init; } = 3;

    /// <summary>1 s: longer than the labelled span, shorter than the time to say the word twice.</summary>
    public double RefractorySeconds { get; init; } = 1.0;

    public void Validate()
    {
        if (!(Threshold is > 0 and < 1)) throw new ArgumentException($"The threshold must be between 0 and 1; got {Threshold}.");
        if (MinFrames < 1) throw new ArgumentException($"The minimum number of frames must be at least 1; got {MinFrames}.");
        if (!(RefractorySeconds >= 0)) throw new ArgumentException($"The refractory period must be non-negative; got {RefractorySeconds}.");
    }
}
