namespace Recurrent.Training;

/// <summary>
/// Supplies (T, B) windows of token ids and their next-token targets, deterministically from a position, so a
/// checkpoint can save the position and a resumed run sees the same data.
/// </summary>
public interface ITokenBatchSource
{
    int Steps { get; }

    int Batch { get; }

    /// <summary>How many batches have been taken; setting it moves to that batch.</summary>
    long Position { get; set; }

    /// <summary>
    /// True when the batch at <see cref="Position"/> continues the text of the previous one in every lane, so the
    /// trainer may carry the hidden state across (stateful truncated backpropagation through time).
    /// </summary>
    bool ContinuesPrevious { get; }

    /// <summary>Writes the batch at <see cref="Position"/> and advances by one.</summary>
    /// <param name="inputs">(T, B) token ids</param>
    /// <param name="targets">(T, B) the id that follows each input</param>
    void Next(Span<int> inputs, Span<int> targets);
}
