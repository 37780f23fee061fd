using System.Numerics;
using System.Numerics.Tensors;

namespace Recurrent.Optim;

/// <summary>
/// RMSprop, as <c>torch.optim.RMSprop</c>: g = ∇ + λθ; s ← αs + (1 − α)g²; a ← αa + (1 − α)g (centered only);
/// r = √(s − a²) (centered) or √s, plus ε; with momentum b ← μb + g/r, θ ← θ − ηb; without, θ ← θ − ηg/r.
/// </summary>
public sealed class RmsProp<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _squareAverage;      // s: (P)
    private readonly T[]? _gradientAverage;   // a: (P), centered only
    private readonly T[]? _momentumBuffer;    // b: (P), momentum only
    private readonly T[] _decayedThenStep;    // (P) g + λθ, reused for the step once g is spent
    private readonly T[] _root;               // (P) r

    /// <summary>An optimizer for <paramref name="parameterCount"/> parameters; η defaults to PyTorch's 1e-2.</summary>
    public RmsProp(int parameterCount, double learningRate = 1e-2, RmsPropOptions? options = null) : base(parameterCount, learningRate)
    {
        Options = options ?? new RmsPropOptions();
        if (!(Options.Alpha >= 0)) throw new ArgumentOutOfRangeException(nameof(options), $"Invalid alpha {Options.Alpha}.");
        if (!(Options.Epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(options), $"Invalid epsilon {Options.Epsilon}.");
        if (!(Options.Momentum >= 0)) throw new ArgumentOutOfRangeException(nameof(options), $"Invalid momentum {Options.Momentum}.");
        if (!(Options.WeightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(options), $"Invalid weight decay {Options.WeightDecay}.");
        _squareAverage = AddState("square_avg", T.Zero);
        if (Options.Momentum > 0) _momentumBuffer = AddState("momentum_buffer", T.Zero);
        if (Options.Centered) _gradientAverage = AddState("grad_avg", T.Zero);
        _decayedThenStep = new T[parameterCount];
        _root = new T[parameterCount];
    }

    public RmsPropOptions Options { get; }

    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradients, long step)
    {
        var alpha = T.CreateTruncating(Options.Alpha);
        var oneMinusAlpha = T.CreateTruncating(1 - Options.Alpha);
        var g = WithWeightDecay(gradients, parameters, Options.WeightDecay, _decayedThenStep);

        // s ← αs + ((1 − α)·g)·g, the association of PyTorch's addcmul_.
        TensorPrimitives.Multiply(_squareAverage, alpha, _squareAverage);
        TensorPrimitives.Multiply(g, oneMinusAlpha, _root);
        TensorPrimitives.Multiply(_root, g, _root);
        TensorPrimitives.Add(_squareAverage, _root, _squareAverage);

        if (_gradientAverage is { } a)
        {
            TensorPrimitives.Multiply(a, alpha, a);
            TensorPrimitives.MultiplyAdd(g, oneMinusAlpha, a, a);
            // r = √(s + ((−1)·a)·a)
            TensorPrimitives.Negate<T>(a, _root);
            TensorPrimitives.Multiply(_root, a, _root);
            TensorPrimitives.Add(_squareAverage, _root, _root);
            TensorPrimitives.Sqrt<T>(_root, _root);
        }
        else
        {
            TensorPrimitives.Sqrt<T>(_squareAverage, _root);
        }
        TensorPrimitives.Add(_root, T.CreateTruncating(Options.Epsilon), _root);

        var stepBuffer = _decayedThenStep;
        if (_momentumBuffer is { } b)
        {
            // b ← μb + g/r; θ ← θ − η·b
            TensorPrimitives.Divide(g, _root, stepBuffer);
            TensorPrimitives.Multiply(b, T.CreateTruncating(Options.Momentum), b);
            TensorPrimitives.Add(b, stepBuffer, b);
            TensorPrimitives.MultiplyAdd(b, T.CreateTruncating(-LearningRate), parameters, parameters);
        }
        else
        {
            // θ ← θ + ((−η)·g) / r, the association of PyTorch's addcdiv_.
            TensorPrimitives.Multiply(g, T.CreateTruncating(-LearningRate), stepBuffer);
            TensorPrimitives.Divide(stepBuffer, _root, stepBuffer);
            TensorPrimitives.Add(parameters, stepBuffer, parameters);
        }
    }
}
