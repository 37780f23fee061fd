namespace Recurrent.Training;

/// <summary>
/// Cuts one token stream into B equal lanes read side by side, T tokens at a time: batch w holds, for lane b,
/// the tokens at b·L + w·T … b·L + w·T + T − 1 of the stream (L the lane length) and, as targets, the token after
/// each. Consecutive batches continue every lane, which is what stateful truncated BPTT needs; after the last
/// full window the lanes start again (a new epoch).
/// </summary>
public sealed class TokenStreamBatches : ITokenBatchSource
{
    private readonly int[] _tokens;
    private readonly int _laneLength;

    public TokenStreamBatches(int[] tokens, int steps, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        _tokens = tokens;
        Steps = steps;
        Batch = batch;
        // Each lane needs one token beyond its last input, for the last target.
        _laneLength = tokens.Length / batch;
        WindowsPerEpoch = (_laneLength - 1) / steps;
        if (WindowsPerEpoch < 1)
            throw new RecurrentException(
                $"The data has {tokens.Length} tokens: too few for batch {batch} × sequence length {steps} (at least {batch * (steps + 1)} are needed).");
    }

    public int Steps { get; }

    public int Batch { get; }

    public long Position { get; set; }

    /// <summary>Batches in one pass over the data.</summary>
    public int WindowsPerEpoch { get; }

    /// <summary>Completed passes over the data.</summary>
    public long Epoch => Position / WindowsPerEpoch;

    public bool ContinuesPrevious => Position % WindowsPerEpoch != 0;

    public void Next(Span<int> inputs, Span<int> targets)
    {
        if (inputs.Length != Steps * Batch || targets.Length != Steps * Batch)
            throw new ArgumentException($"inputs and targets must each hold (T={Steps}, B={Batch}) ids.");
        var window = (int)(Position % WindowsPerEpoch);
        for (var b = 0; b < Batch; b++)
        {
            var start = b * _laneLength + window * Steps;
            for (var t = 0; t < Steps; t++)
            {
                inputs[t * Batch + b] = _tokens[start + t];
                targets[t * Batch + b] = _tokens[start + t + 1];
            }
        }
        Position++;
    }
}
