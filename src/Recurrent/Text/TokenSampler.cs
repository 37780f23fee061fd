using System.Numerics;
using Recurrent.Tensors;

namespace Recurrent.Text;

/// <summary>
/// Draws the next token from a row of logits: p = softmax(logits / temperature), then, when asked, only the
/// <c>topK</c> most likely tokens are kept, and of those only the smallest most-likely set whose probabilities add
/// up to at least <c>topP</c> (nucleus sampling); the kept probabilities are renormalised before the draw.
/// Temperature 0 is greedy.
/// </summary>
public sealed class TokenSampler(Rng rng)
{
    private double[] _probabilities = [];
    private int[] _order = [];

    /// <param name="topK">keep the K most likely tokens; 0 keeps all</param>
    /// <param name="topP">keep the most likely tokens until their probability reaches P; 1 keeps all</param>
    public int Sample<T>(ReadOnlySpan<T> logits, double temperature, int topK = 0, double topP = 1) where T : IFloatingPointIeee754<T>
    {
        if (logits.IsEmpty) throw new ArgumentException("No logits to sample from.", nameof(logits));
        if (!(temperature >= 0)) throw new ArgumentOutOfRangeException(nameof(temperature), "Temperature must be 0 (greedy) or positive.");
        if (topK < 0) throw new ArgumentOutOfRangeException(nameof(topK), "top-k must be 0 (all tokens) or positive.");
        if (!(topP > 0 && topP <= 1)) throw new ArgumentOutOfRangeException(nameof(topP), "top-p must be in (0, 1].");
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
            if (logits[i] > logits[best]) best = i;
        if (temperature == 0) return best;

        var n = logits.Length;
        if (_probabilities.Length < n)
        {
            _probabilities = new double[n];
            _order = new int[n];
        }
        // Subtract the max before exponentiating so large logits cannot overflow.
        var max = double.CreateTruncating(logits[best]);
        var total = 0.0;
        for (var i = 0; i < n; i++)
            total += _probabilities[i] = Math.Exp((double.CreateTruncating(logits[i]) - max) / temperature);
        var kept = n;
        if ((topK > 0 && topK < n) || topP < 1)
        {
            var order = _order.AsSpan(0, n);
            for (var i = 0; i < n; i++) order[i] = i;
            var probabilities = _probabilities;
            // Most likely first; equal probabilities by id, so the kept set never depends on the sort's whims.
            order.Sort((a, b) => probabilities[b] != probabilities[a] ? probabilities[b].CompareTo(probabilities[a]) : a.CompareTo(b));
            kept = topK > 0 ? Math.Min(topK, n) : n;
            if (topP < 1)
            {
                var cumulative = 0.0;
                for (var i = 0; i < kept; i++)
                {
                    cumulative += probabilities[order[i]] / total;
                    if (cumulative >= topP)
                    {
                        kept = i + 1;
                        break;
                    }
                }
            }
            var keptTotal = 0.0;
            for (var i = 0; i < kept; i++) keptTotal += probabilities[order[i]];
            var pick = rng.NextDouble() * keptTotal;
            for (var i = 0; i < kept; i++)
            {
                pick -= probabilities[order[i]];
                if (pick < 0) return order[i];
            }
            return order[kept - 1];
        }
        var draw = rng.NextDouble() * total;
        for (var i = 0; i < n; i++)
        {
            draw -= _probabilities[i];
            if (draw < 0) return i;
        }
        return best;
    }
}
