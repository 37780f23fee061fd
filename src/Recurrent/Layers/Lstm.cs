using System.Numerics;
using Recurrent.Layers.Recurrent;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// Multi-layer, optionally bidirectional LSTM, weight-compatible with torch.nn.LSTM (gates i, f, g, o; two bias
/// vectors). The step's math is in <see cref="LstmCell{T}"/>, the time loop in the shared recurrent driver.
/// </summary>
public sealed class Lstm<T>(
    ParameterStore<T> parameters, string prefix, int inputSize, int hiddenSize,
    int numLayers = 1, bool bidirectional = false, double dropout = 0, Rng? rng = null)
    : RecurrentStack<T, LstmCell<T>>(RecurrentCellKind.Lstm, parameters, prefix, inputSize, hiddenSize, numLayers, bidirectional, dropout, rng)
    where T : unmanaged, IFloatingPointIeee754<T>;
