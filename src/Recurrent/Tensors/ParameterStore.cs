using System.Numerics;

namespace Recurrent.Tensors;

/// <summary>
/// All parameters of a model in one flat buffer, with their gradients in a second buffer of the same layout.
/// Layers register named slices while they are built; the optimizer then walks one array, clipping takes one
/// norm and a checkpoint is one write.
/// </summary>
/// <remarks>
/// Slices are views by offset, so growing the buffers while layers register does not invalidate them. Once
/// training starts nothing is added.
/// </remarks>
public sealed class ParameterStore<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<Parameter<T>> _parameters = [];
    private T[] _values = [];
    private T[] _gradients = [];
    private int _count;

    /// <summary>Every parameter's values, in registration order.</summary>
    public Span<T> Values => _values.AsSpan(0, _count);

    /// <summary>Every parameter's gradient, in the same layout as <see cref="Values"/>.</summary>
    public Span<T> Gradients => _gradients.AsSpan(0, _count);

    /// <summary>Number of scalar parameters.</summary>
    public int Count => _count;

    public IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <summary>Registers a parameter of the given shape; its values and gradient start at zero.</summary>
    public Parameter<T> Add(string name, params int[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_parameters.Any(p => p.Name == name))
            throw new ArgumentException($"A parameter named '{name}' is already registered.", nameof(name));
        var length = 1;
        foreach (var dim in shape)
        {
            if (dim < 0) throw new ArgumentOutOfRangeException(nameof(shape), $"Parameter '{name}' has a negative dimension.");
            length = checked(length * dim);
        }
        var parameter = new Parameter<T>(this, name, _count, length, shape);
        var needed = checked(_count + length);
        if (needed > _values.Length)
        {
            var capacity = Math.Max(needed, _values.Length * 2);
            Array.Resize(ref _values, capacity);
            Array.Resize(ref _gradients, capacity);
        }
        _count = needed;
        _parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Finds a parameter by name, or returns null.</summary>
    public Parameter<T>? Find(string name) => _parameters.FirstOrDefault(p => p.Name == name);

    /// <summary>Sets every gradient to zero. Backward passes add into gradients, so call this before each step.</summary>
    public void ZeroGradients() => Gradients.Clear();

    internal Span<T> ValueSlice(int offset, int length) => _values.AsSpan(offset, length);

    internal Span<T> GradientSlice(int offset, int length) => _gradients.AsSpan(offset, length);
}
