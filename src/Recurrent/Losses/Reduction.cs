namespace Recurrent.Losses;

/// <summary>How per-element losses are combined into one number, as PyTorch's <c>reduction</c> argument.</summary>
public enum Reduction
{
    /// <summary>The average over the elements that count (for cross-entropy: the targets that are not ignored).</summary>
    Mean,

    /// <summary>The plain sum, so the loss grows with the batch.</summary>
    Sum,
}
