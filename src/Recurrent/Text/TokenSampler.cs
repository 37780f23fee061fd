using System.Numerics;
using Recurrent.Tensors;

namespace Recurrent.Text;

/// <summary>Draws the next token from a row of logits: softmax(logits / temperature); temperature 0 is greedy.</summary>
public sealed class TokenSampler(Rng rng)
{
    private double[] _probabilities = [];

    public int Sample<T>(ReadOnlySpan<T> logits, double temperature) where T : IFloatingPointIeee754<T>
    {
        if (logits.IsEmpty) throw new ArgumentException("No logits to sample from.", nameof(logits));
        if (!(temperature >= 0)) throw new ArgumentOutOfRangeException(nameof(temperature), "Temperature must be 0 (greedy) or positive.");
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
            if (logits[i] > logits[best]) best = i;
        if (temperature == 0) return best;

        if (_probabilities.Length < logits.Length) _probabilities = new double[logits.Length];
        // Subtract the max before exponentiating so large logits cannot overflow.
        var max = double.CreateTruncating(logits[best]);
        var total = 0.0;
        for (var i = 0; i < logits.Length; i++)
            total += _probabilities[i] = Math.Exp((double.CreateTruncating(logits[i]) - max) / temperature);
        var draw = rng.NextDouble() * total;
        for (var i = 0; i < logits.Length; i++)
        {
            draw -= _probabilities[i];
            if (draw < 0) return i;
        }
        return best;
    }
}
