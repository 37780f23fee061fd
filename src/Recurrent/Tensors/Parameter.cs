using System.Numerics;

namespace Recurrent.Tensors;

/// <summary>A named, shaped slice of a <see cref="ParameterStore{T}"/>: its values and its gradient.</summary>
public sealed class Parameter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterStore<T> _store;

    internal Parameter(ParameterStore<T> store, string name, int offset, int length, int[] shape)
    {
        _store = store;
        Name = name;
        Offset = offset;
        Length = length;
        Shape = shape;
    }

    /// <summary>The name, as in a PyTorch state dict (<c>rnn.weight_ih_l0</c>).</summary>
    public string Name { get; }

    /// <summary>Position of the first element in the store's flat buffers.</summary>
    public int Offset { get; }

    public int Length { get; }

    /// <summary>Row-major shape, as PyTorch reports it.</summary>
    public IReadOnlyList<int> Shape { get; }

    public Span<T> Value => _store.ValueSlice(Offset, Length);

    public Span<T> Gradient => _store.GradientSlice(Offset, Length);
}
