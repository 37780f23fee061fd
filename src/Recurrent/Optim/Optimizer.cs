using System.Numerics;
using System.Numerics.Tensors;

namespace Recurrent.Optim;

/// <summary>
/// Updates the whole flat parameter buffer from the flat gradient buffer, one element-wise rule for every parameter.
/// The state a resume needs is the step count plus named buffers laid out like the parameters.
/// </summary>
/// <remarks>
/// Each implementation follows PyTorch 1.13's CPU single-tensor formula, operation by operation, so that results
/// agree to rounding. Scalars (learning rate, bias corrections) are computed in double, as Python does, and rounded
/// to <typeparamref name="T"/> once before they meet the tensors.
/// </remarks>
public abstract class Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<(string Name, T[] Values)> _state = [];
    private double _learningRate;

    protected Optimizer(int parameterCount, double learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        ParameterCount = parameterCount;
        LearningRate = learningRate;
    }

    /// <summary>Number of parameters this optimizer updates; Step checks the buffers against it.</summary>
    public int ParameterCount { get; }

    /// <summary>The learning rate of the next step; a schedule sets it before each step.</summary>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!double.IsFinite(value) || value < 0)
                throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be finite and non-negative.");
            _learningRate = value;
        }
    }

    /// <summary>Steps taken so far; part of the checkpoint, since bias corrections and decays depend on it.</summary>
    public long StepCount { get; private set; }

    /// <summary>The live state buffers, each as long as the parameters; what a checkpoint saves.</summary>
    public IReadOnlyList<(string Name, T[] Values)> StateBuffers => _state;

    /// <summary>One update of every parameter from its gradient.</summary>
    /// <exception cref="ArgumentException">A buffer's length differs from <see cref="ParameterCount"/>.</exception>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        if (parameters.Length != ParameterCount)
            throw new ArgumentException($"{parameters.Length} parameters given; this optimizer was built for {ParameterCount}.", nameof(parameters));
        if (gradients.Length != ParameterCount)
            throw new ArgumentException($"{gradients.Length} gradients given; this optimizer was built for {ParameterCount}.", nameof(gradients));
        Update(parameters, gradients, StepCount + 1);
        StepCount++;
    }

    /// <summary>
    /// Puts the optimizer exactly where a checkpoint left it: the step count and every buffer of
    /// <see cref="StateBuffers"/>, by name. Missing, unknown or wrongly sized buffers are errors.
    /// </summary>
    public void RestoreState(long stepCount, IReadOnlyDictionary<string, T[]> buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        foreach (var name in buffers.Keys)
        {
            if (!_state.Exists(s => s.Name == name))
                throw new ArgumentException($"{GetType().Name} has no state buffer '{name}'; it has: {ExpectedNames()}.", nameof(buffers));
        }
        foreach (var (name, values) in _state)
        {
            if (!buffers.TryGetValue(name, out var saved))
                throw new ArgumentException($"State buffer '{name}' is missing; {GetType().Name} needs: {ExpectedNames()}.", nameof(buffers));
            if (saved.Length != values.Length)
                throw new ArgumentException($"State buffer '{name}' has {saved.Length} values; {values.Length} are needed.", nameof(buffers));
        }
        foreach (var (name, values) in _state) buffers[name].CopyTo(values, 0);
        StepCount = stepCount;
    }

    /// <summary>Registers a state buffer, filled with <paramref name="initial"/>; constructors call this.</summary>
    protected T[] AddState(string name, T initial)
    {
        var values = new T[ParameterCount];
        values.AsSpan().Fill(initial);
        _state.Add((name, values));
        return values;
    }

    /// <summary>Applies the rule for step number <paramref name="step"/> (1 for the first step).</summary>
    protected abstract void Update(Span<T> parameters, ReadOnlySpan<T> gradients, long step);

    /// <summary>
    /// g + λ·θ, PyTorch's <c>grad.add(param, alpha=weight_decay)</c>, written into <paramref name="scratch"/>;
    /// with λ = 0 the gradient itself, untouched, as PyTorch skips the add.
    /// </summary>
    protected static ReadOnlySpan<T> WithWeightDecay(ReadOnlySpan<T> gradients, ReadOnlySpan<T> parameters, double weightDecay, Span<T> scratch)
    {
        if (weightDecay == 0) return gradients;
        TensorPrimitives.MultiplyAdd(parameters, T.CreateTruncating(weightDecay), gradients, scratch);
        return scratch;
    }

    private string ExpectedNames() => _state.Count == 0 ? "none" : string.Join(", ", _state.Select(s => s.Name));
}
