using System.Numerics;
using System.Numerics.Tensors;

namespace Recurrent.Optim;

/// <summary>
/// Adagrad, as <c>torch.optim.Adagrad</c>: g = ∇ + λθ; ηₜ = η / (1 + (t − 1)·δ); S ← S + g²; θ ← θ − ηₜ·g / (√S + ε).
/// </summary>
public sealed class Adagrad<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _sum;               // S: (P)
    private readonly T[] _decayedThenStep;   // (P) g + λθ, reused for the step once g is spent
    private readonly T[] _root;              // (P) √S + ε

    /// <summary>An optimizer for <paramref name="parameterCount"/> parameters; η defaults to PyTorch's 1e-2.</summary>
    public Adagrad(int parameterCount, double learningRate = 1e-2, AdagradOptions? options = null) : base(parameterCount, learningRate)
    {
        Options = options ?? new AdagradOptions();
        if (!(Options.LearningRateDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(options), $"Invalid learning-rate decay {Options.LearningRateDecay}.");
        if (!(Options.WeightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(options), $"Invalid weight decay {Options.WeightDecay}.");
        if (!(Options.InitialAccumulatorValue >= 0)) throw new ArgumentOutOfRangeException(nameof(options), $"Invalid initial accumulator value {Options.InitialAccumulatorValue}.");
        if (!(Options.Epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(options), $"Invalid epsilon {Options.Epsilon}.");
        _sum = AddState("sum", T.CreateTruncating(Options.InitialAccumulatorValue));
        _decayedThenStep = new T[parameterCount];
        _root = new T[parameterCount];
    }

    public AdagradOptions Options { get; }

    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradients, long step)
    {
        var g = WithWeightDecay(gradients, parameters, Options.WeightDecay, _decayedThenStep);
        var clr = LearningRate / (1 + (step - 1) * Options.LearningRateDecay);
        // S ← S + g·g (PyTorch's addcmul_ with value 1, which leaves the product unscaled).
        TensorPrimitives.Multiply(g, g, _root);
        TensorPrimitives.Add(_sum, _root, _sum);
        TensorPrimitives.Sqrt<T>(_sum, _root);
        TensorPrimitives.Add(_root, T.CreateTruncating(Options.Epsilon), _root);
        // θ ← θ + ((−ηₜ)·g) / (√S + ε), the association of PyTorch's addcdiv_.
        var stepBuffer = _decayedThenStep;
        TensorPrimitives.Multiply(g, T.CreateTruncating(-clr), stepBuffer);
        TensorPrimitives.Divide(stepBuffer, _root, stepBuffer);
        TensorPrimitives.Add(parameters, stepBuffer, parameters);
    }
}
