using System.Numerics;
using Recurrent.Tensors;

namespace Recurrent.Layers.Recurrent;

/// <summary>
/// L layers × D directions of one cell type, as PyTorch's recurrent modules: layer l+1 reads the concatenated
/// outputs of both directions of layer l (after dropout in training); parameters are named
/// <c>weight_ih_l{l}[_reverse]</c>, <c>weight_hh_l{l}</c>, <c>bias_ih_l{l}</c>, <c>bias_hh_l{l}</c> in PyTorch's order.
/// </summary>
public abstract class RecurrentStack<T, TCell> : IRecurrentLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TCell : IRecurrentCell<T>
{
    private readonly RecurrentDirection<T, TCell>[] _directions; // [l·D + d]
    private readonly Dropout<T>[] _dropouts;                       // between layer l and l+1
    private readonly Parameter<T>[] _parameters;
    private T[][] _layerOutputs = [];   // [l] (T, B, D·H) raw output of layer l < L−1
    private T[][] _layerInputs = [];    // [l] (T, B, D·H) input of layer l ≥ 1: the dropped-out output of l−1
    private T[] _dLayerInput = [];      // (T, B, D·H) gradient of the current layer's input
    private T[] _dLayerOutput = [];     // (T, B, D·H) gradient of the layer below's output
    private T[] _zeroState = [];        // (B, H) stands in for an omitted h0 / c0
    private T[] _discard = [];          // (L·D, B, H) sink for gradients the caller does not want
    private int[] _fullLengths = [];    // (B) all T, for calls without lengths
    private int _steps, _batch;

    protected RecurrentStack(
        RecurrentCellKind cell, ParameterStore<T> parameters, string prefix,
        int inputSize, int hiddenSize, int numLayers, bool bidirectional, double dropout, Rng? rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numLayers);
        if (!(dropout >= 0 && dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout must be in [0, 1).");
        if (dropout > 0 && rng is null) throw new ArgumentException("Dropout needs a random number generator.", nameof(rng));
        Cell = cell;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        Bidirectional = bidirectional;
        Dropout = dropout;
        var directions = bidirectional ? 2 : 1;
        _directions = new RecurrentDirection<T, TCell>[numLayers * directions];
        for (var layer = 0; layer < numLayers; layer++)
        {
            var layerInput = layer == 0 ? inputSize : directions * hiddenSize;
            for (var d = 0; d < directions; d++)
            {
                var suffix = $"l{layer}" + (d == 1 ? "_reverse" : "");
                _directions[layer * directions + d] = new RecurrentDirection<T, TCell>(parameters, prefix, suffix, layerInput, hiddenSize)
                {
                    Reverse = d == 1,
                };
            }
        }
        _dropouts = Enumerable.Range(0, numLayers - 1).Select(_ => new Dropout<T>(dropout, rng ?? new Rng(0))).ToArray();
        _parameters = _directions.SelectMany(d => d.Parameters).ToArray();
    }

    public RecurrentCellKind Cell { get; }

    public int InputSize { get; }

    public int HiddenSize { get; }

    public int NumLayers { get; }

    public bool Bidirectional { get; }

    public double Dropout { get; }

    public bool HasCellState => TCell.HasCellState;

    private int Directions => Bidirectional ? 2 : 1;

    public IReadOnlyList<Parameter<T>> Parameters => _parameters;

    public void Initialize(Rng rng)
    {
        var bound = 1.0 / Math.Sqrt(HiddenSize);
        foreach (var parameter in _parameters) rng.FillUniform(parameter.Value, -bound, bound);
    }

    public void Forward(Span<T> output, Span<T> hN, Span<T> cN,
        ReadOnlySpan<T> input, ReadOnlySpan<int> lengths, ReadOnlySpan<T> h0, ReadOnlySpan<T> c0,
        int steps, int batch, bool training)
    {
        int D = Directions, H = HiddenSize, states = NumLayers * D;
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        RequireShape(nameof(input), input.Length, steps, batch, InputSize);
        RequireShape(nameof(output), output.Length, steps, batch, D * H);
        RequireShape(nameof(hN), hN.Length, states, batch, H);
        if (!h0.IsEmpty) RequireShape(nameof(h0), h0.Length, states, batch, H);
        if (HasCellState)
        {
            RequireShape(nameof(cN), cN.Length, states, batch, H);
            if (!c0.IsEmpty) RequireShape(nameof(c0), c0.Length, states, batch, H);
        }
        Allocate(steps, batch);
        lengths = ValidLengths(lengths, steps, batch);

        var zero = _zeroState.AsSpan(0, batch * H);
        for (var layer = 0; layer < NumLayers; layer++)
        {
            var last = layer == NumLayers - 1;
            ReadOnlySpan<T> layerInput = layer == 0 ? input : _layerInputs[layer].AsSpan(0, steps * batch * D * H);
            var layerOutput = last ? output : _layerOutputs[layer].AsSpan(0, steps * batch * D * H);
            for (var d = 0; d < D; d++)
            {
                var state = (layer * D + d) * batch * H;
                _directions[layer * D + d].Forward(
                    layerOutput, D * H, d * H, hN.Slice(state, batch * H),
                    HasCellState ? cN.Slice(state, batch * H) : default,
                    layerInput, lengths,
                    h0.IsEmpty ? zero : h0.Slice(state, batch * H),
                    HasCellState ? (c0.IsEmpty ? zero : c0.Slice(state, batch * H)) : default,
                    steps, batch);
            }
            if (!last) _dropouts[layer].Forward(_layerInputs[layer + 1].AsSpan(0, layerOutput.Length), layerOutput, training);
        }
    }

    public void Backward(Span<T> dInput, Span<T> dH0, Span<T> dC0,
        ReadOnlySpan<T> dOutput, ReadOnlySpan<T> dHN, ReadOnlySpan<T> dCN, ReadOnlySpan<T> input)
    {
        int steps = _steps, batch = _batch, D = Directions, H = HiddenSize, states = NumLayers * D;
        var width = steps * batch * D * H;
        RequireShape(nameof(dOutput), dOutput.Length, steps, batch, D * H);
        RequireShape(nameof(input), input.Length, steps, batch, InputSize);
        if (!dInput.IsEmpty) RequireShape(nameof(dInput), dInput.Length, steps, batch, InputSize);
        var discard = _discard.AsSpan(0, states * batch * H);
        if (dH0.IsEmpty) dH0 = discard;
        else RequireShape(nameof(dH0), dH0.Length, states, batch, H);
        if (HasCellState)
        {
            if (dC0.IsEmpty) dC0 = discard;
            else RequireShape(nameof(dC0), dC0.Length, states, batch, H);
        }
        if (!dHN.IsEmpty) RequireShape(nameof(dHN), dHN.Length, states, batch, H);
        if (!dCN.IsEmpty) RequireShape(nameof(dCN), dCN.Length, states, batch, H);

        var layerDOutput = dOutput;
        for (var layer = NumLayers - 1; layer >= 0; layer--)
        {
            ReadOnlySpan<T> layerInput = layer == 0 ? input : _layerInputs[layer].AsSpan(0, width);
            var layerDInput = layer == 0 ? dInput : _dLayerInput.AsSpan(0, width);
            if (layer > 0) layerDInput.Clear();
            for (var d = 0; d < D; d++)
            {
                var state = (layer * D + d) * batch * H;
                _directions[layer * D + d].Backward(
                    layerDInput, dH0.Slice(state, batch * H), HasCellState ? dC0.Slice(state, batch * H) : default,
                    layerDOutput, D * H, d * H,
                    dHN.IsEmpty ? default : dHN.Slice(state, batch * H),
                    dCN.IsEmpty || !HasCellState ? default : dCN.Slice(state, batch * H),
                    layerInput);
            }
            if (layer > 0)
            {
                var below = _dLayerOutput.AsSpan(0, width);
                below.Clear();
                _dropouts[layer - 1].Backward(below, layerDInput);
                layerDOutput = below;
            }
        }
    }

    private ReadOnlySpan<int> ValidLengths(ReadOnlySpan<int> lengths, int steps, int batch)
    {
        if (lengths.IsEmpty)
        {
            var full = _fullLengths.AsSpan(0, batch);
            full.Fill(steps);
            return full;
        }
        if (lengths.Length != batch)
            throw new ArgumentException($"lengths has {lengths.Length} entries but the batch has {batch} sequences.", nameof(lengths));
        for (var b = 0; b < batch; b++)
        {
            if (lengths[b] < 0 || lengths[b] > steps)
                throw new ArgumentException($"lengths[{b}] = {lengths[b]} is outside [0, {steps}].", nameof(lengths));
        }
        return lengths;
    }

    /// <summary>Checks a span's length against a shape; the message is built only on failure, so checks cost no allocation.</summary>
    private static void RequireShape(string name, int actual, params ReadOnlySpan<int> shape)
    {
        var expected = 1;
        foreach (var dimension in shape) expected *= dimension;
        if (actual != expected)
            throw new ArgumentException($"{name} has {actual} elements; shape ({string.Join(", ", shape.ToArray())}) needs {expected}.", name);
    }

    private void Allocate(int steps, int batch)
    {
        _steps = steps;
        _batch = batch;
        int D = Directions, H = HiddenSize;
        var width = steps * batch * D * H;
        if (_layerOutputs.Length != NumLayers)
        {
            _layerOutputs = new T[NumLayers][];
            _layerInputs = new T[NumLayers][];
            for (var l = 0; l < NumLayers; l++) _layerOutputs[l] = _layerInputs[l] = [];
        }
        for (var l = 0; l < NumLayers; l++)
        {
            if (l < NumLayers - 1 && _layerOutputs[l].Length < width) _layerOutputs[l] = new T[width];
            if (l > 0 && _layerInputs[l].Length < width) _layerInputs[l] = new T[width];
        }
        if (NumLayers > 1 && _dLayerInput.Length < width)
        {
            _dLayerInput = new T[width];
            _dLayerOutput = new T[width];
        }
        if (_zeroState.Length < batch * H) _zeroState = new T[batch * H];
        if (_discard.Length < NumLayers * D * batch * H) _discard = new T[NumLayers * D * batch * H];
        if (_fullLengths.Length < batch) _fullLengths = new int[batch];
    }
}
