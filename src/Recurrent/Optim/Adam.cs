using System.Numerics;
using System.Numerics.Tensors;

namespace Recurrent.Optim;

/// <summary>
/// Adam and AdamW, as <c>torch.optim.Adam</c> / <c>torch.optim.AdamW</c>:
/// g = ∇ (+ λθ for L2); mₜ = β₁m + (1 − β₁)g; vₜ = β₂v + (1 − β₂)g²;
/// θ ← θ − (η / (1 − β₁ᵗ))·mₜ / (√vₜ / √(1 − β₂ᵗ) + ε), with θ ← (1 − ηλ)θ first when the decay is decoupled.
/// </summary>
public sealed class Adam<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _expAvg;    // m: (P)
    private readonly T[] _expAvgSq;  // v: (P)
    private readonly T[] _decayedThenDenominator;  // (P) g + λθ, reused for the denominator once g is spent
    private readonly T[] _work;                    // (P)

    /// <summary>An optimizer for <paramref name="parameterCount"/> parameters; η defaults to PyTorch's 1e-3.</summary>
    public Adam(int parameterCount, double learningRate = 1e-3, AdamOptions? options = null) : base(parameterCount, learningRate)
    {
        Options = options ?? new AdamOptions();
        if (!(Options.Beta1 is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(options), $"Invalid beta1 {Options.Beta1}; it must be in [0, 1).");
        if (!(Options.Beta2 is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(options), $"Invalid beta2 {Options.Beta2}; it must be in [0, 1).");
        if (!(Options.Epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(options), $"Invalid epsilon {Options.Epsilon}.");
        if (!(Options.WeightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(options), $"Invalid weight decay {Options.WeightDecay}.");
        _expAvg = AddState("exp_avg", T.Zero);
        _expAvgSq = AddState("exp_avg_sq", T.Zero);
        _decayedThenDenominator = new T[parameterCount];
        _work = new T[parameterCount];
    }

    public AdamOptions Options { get; }

    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradients, long step)
    {
        var (beta1, beta2, lr) = (Options.Beta1, Options.Beta2, LearningRate);
        ReadOnlySpan<T> g;
        if (Options.DecoupledWeightDecay)
        {
            g = gradients;
            TensorPrimitives.Multiply(parameters, T.CreateTruncating(1 - lr * Options.WeightDecay), parameters);
        }
        else
        {
            g = WithWeightDecay(gradients, parameters, Options.WeightDecay, _decayedThenDenominator);
        }

        // m ← β₁m + (1 − β₁)g
        TensorPrimitives.Multiply(_expAvg, T.CreateTruncating(beta1), _expAvg);
        TensorPrimitives.MultiplyAdd(g, T.CreateTruncating(1 - beta1), _expAvg, _expAvg);
        // v ← β₂v + ((1 − β₂)·g)·g, the association of PyTorch's addcmul_.
        TensorPrimitives.Multiply(_expAvgSq, T.CreateTruncating(beta2), _expAvgSq);
        TensorPrimitives.Multiply(g, T.CreateTruncating(1 - beta2), _work);
        TensorPrimitives.Multiply(_work, g, _work);
        TensorPrimitives.Add(_expAvgSq, _work, _expAvgSq);

        var denominator = _decayedThenDenominator;
        var biasCorrection1 = 1 - Math.Pow(beta1, step);
        var biasCorrection2 = 1 - Math.Pow(beta2, step);
        var stepSize = lr / biasCorrection1;
        // denominator = √v / √(1 − β₂ᵗ) + ε
        TensorPrimitives.Sqrt<T>(_expAvgSq, denominator);
        TensorPrimitives.Divide(denominator, T.CreateTruncating(Math.Sqrt(biasCorrection2)), denominator);
        TensorPrimitives.Add(denominator, T.CreateTruncating(Options.Epsilon), denominator);
        // θ ← θ + ((−stepSize)·m) / denominator, the association of PyTorch's addcdiv_.
        TensorPrimitives.Multiply(_expAvg, T.CreateTruncating(-stepSize), _work);
        TensorPrimitives.Divide(_work, denominator, _work);
        TensorPrimitives.Add(parameters, _work, parameters);
    }
}
