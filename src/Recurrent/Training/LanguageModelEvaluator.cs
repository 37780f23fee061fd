using System.Numerics;
using Recurrent.Models;

namespace Recurrent.Training;

/// <summary>
/// Measures a language model on a token stream as training reads it: B lanes side by side, T steps at a time,
/// carrying the hidden state, so every token is predicted from all the text before it in its lane.
/// </summary>
public static class LanguageModelEvaluator
{
    /// <summary>
    /// −Σ ln p(token | previous) over the stream. The stream is cut into <paramref name="batch"/> equal lanes; the
    /// fewer than B tokens left over at the end are not predicted.
    /// </summary>
    public static LanguageModelLoss Evaluate<T>(SequenceModel<T> model, ReadOnlySpan<int> tokens, int steps, int batch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        if (tokens.Length < 2) return new LanguageModelLoss(0, 0);
        batch = Math.Clamp(batch, 1, tokens.Length - 1);
        var laneLength = (tokens.Length - 1) / batch; // predicted tokens per lane
        var vocabulary = model.Config.OutputSize;
        var inputs = new int[steps * batch];
        var hidden = new T[model.StateLength(batch)];
        var cell = model.Recurrent.HasCellState ? new T[hidden.Length] : [];
        var total = 0.0;
        for (var start = 0; start < laneLength; start += steps)
        {
            var length = Math.Min(steps, laneLength - start);
            for (var t = 0; t < length; t++)
                for (var b = 0; b < batch; b++) inputs[t * batch + b] = tokens[b * laneLength + start + t];
            model.Forward(inputs.AsSpan(0, length * batch), length, batch, default,
                start == 0 ? default : hidden, start == 0 || cell.Length == 0 ? default : cell);
            var logits = model.Logits;
            for (var t = 0; t < length; t++)
            {
                for (var b = 0; b < batch; b++)
                {
                    var row = logits.Slice((t * batch + b) * vocabulary, vocabulary);
                    total += NegativeLogLikelihood(row, tokens[b * laneLength + start + t + 1]);
                }
            }
            model.FinalHidden.CopyTo(hidden);
            if (cell.Length > 0) model.FinalCell.CopyTo(cell);
        }
        return new LanguageModelLoss(total, (long)laneLength * batch);
    }

    /// <summary>−ln softmax(z)[target] = ln Σ exp(z − max) + max − z[target], shifted by the max so nothing overflows.</summary>
    private static double NegativeLogLikelihood<T>(ReadOnlySpan<T> logits, int target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var max = double.NegativeInfinity;
        foreach (var z in logits) max = Math.Max(max, double.CreateTruncating(z));
        var sum = 0.0;
        foreach (var z in logits) sum += Math.Exp(double.CreateTruncating(z) - max);
        return Math.Log(sum) + max - double.CreateTruncating(logits[target]);
    }
}
