using System.Numerics;
using Recurrent.Layers.Recurrent;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>Multi-layer, optionally bidirectional Elman RNN with tanh, weight-compatible with torch.nn.RNN.</summary>
public sealed class SimpleRnnTanh<T>(
    ParameterStore<T> parameters, string prefix, int inputSize, int hiddenSize,
    int numLayers = 1, bool bidirectional = false, double dropout = 0, Rng? rng = null)
    : RecurrentStack<T, SimpleRnnCell<T, TanhActivation<T>>>(RecurrentCellKind.RnnTanh, parameters, prefix, inputSize, hiddenSize, numLayers, bidirectional, dropout, rng)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>Multi-layer, optionally bidirectional Elman RNN with ReLU, as torch.nn.RNN(nonlinearity='relu').</summary>
public sealed class SimpleRnnRelu<T>(
    ParameterStore<T> parameters, string prefix, int inputSize, int hiddenSize,
    int numLayers = 1, bool bidirectional = false, double dropout = 0, Rng? rng = null)
    : RecurrentStack<T, SimpleRnnCell<T, ReluActivation<T>>>(RecurrentCellKind.RnnRelu, parameters, prefix, inputSize, hiddenSize, numLayers, bidirectional, dropout, rng)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>Builds the recurrent stack for a cell kind.</summary>
public static class RecurrentLayer
{
    public static IRecurrentLayer<T> Create<T>(
        RecurrentCellKind cell, ParameterStore<T> parameters, string prefix, int inputSize, int hiddenSize,
        int numLayers = 1, bool bidirectional = false, double dropout = 0, Rng? rng = null)
        where T : unmanaged, IFloatingPointIeee754<T> => cell switch
        {
            RecurrentCellKind.Lstm => new Lstm<T>(parameters, prefix, inputSize, hiddenSize, numLayers, bidirectional, dropout, rng),
            RecurrentCellKind.Gru => new Gru<T>(parameters, prefix, inputSize, hiddenSize, numLayers, bidirectional, dropout, rng),
            RecurrentCellKind.RnnTanh => new SimpleRnnTanh<T>(parameters, prefix, inputSize, hiddenSize, numLayers, bidirectional, dropout, rng),
            _ => new SimpleRnnRelu<T>(parameters, prefix, inputSize, hiddenSize, numLayers, bidirectional, dropout, rng),
        };
}
