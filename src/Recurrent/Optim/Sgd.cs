using System.Numerics;
using System.Numerics.Tensors;

namespace Recurrent.Optim;

/// <summary>
/// Stochastic gradient descent with momentum, as <c>torch.optim.SGD</c>:
/// g = ∇ + λθ; b₁ = g, bₜ = μ·bₜ₋₁ + (1 − τ)·g; d = g + μ·bₜ (Nesterov) or bₜ; θ ← θ − η·d.
/// </summary>
/// <remarks>
/// PyTorch starts the velocity as a copy of the first gradient, without the (1 − τ) damping; so does this class,
/// which is why the first step is told apart by the step count rather than by a zero buffer.
/// </remarks>
public sealed class Sgd<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[]? _momentumBuffer;  // b: (P), only with momentum
    private readonly T[] _scratch;          // (P) the decayed or Nesterov gradient

    public Sgd(int parameterCount, double learningRate, SgdOptions? options = null) : base(parameterCount, learningRate)
    {
        Options = options ?? new SgdOptions();
        if (!(Options.Momentum >= 0)) throw new ArgumentOutOfRangeException(nameof(options), $"Invalid momentum {Options.Momentum}.");
        if (!(Options.WeightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(options), $"Invalid weight decay {Options.WeightDecay}.");
        if (Options.Nesterov && (Options.Momentum <= 0 || Options.Dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a positive momentum and zero dampening.", nameof(options));
        if (Options.Momentum != 0) _momentumBuffer = AddState("momentum_buffer", T.Zero);
        _scratch = new T[parameterCount];
    }

    public SgdOptions Options { get; }

    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradients, long step)
    {
        var g = WithWeightDecay(gradients, parameters, Options.WeightDecay, _scratch);
        var d = g;
        if (_momentumBuffer is { } b)
        {
            var mu = T.CreateTruncating(Options.Momentum);
            if (step == 1)
            {
                g.CopyTo(b);
            }
            else
            {
                TensorPrimitives.Multiply(b, mu, b);
                TensorPrimitives.MultiplyAdd(g, T.CreateTruncating(1 - Options.Dampening), b, b);
            }
            if (Options.Nesterov)
            {
                TensorPrimitives.MultiplyAdd(b, mu, g, _scratch);
                d = _scratch;
            }
            else
            {
                d = b;
            }
        }
        TensorPrimitives.MultiplyAdd(d, T.CreateTruncating(-LearningRate), parameters, parameters);
    }
}
