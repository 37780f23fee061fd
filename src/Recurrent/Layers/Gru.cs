using System.Numerics;
using Recurrent.Layers.Recurrent;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// Multi-layer, optionally bidirectional GRU, weight-compatible with torch.nn.GRU (gates r, z, n; the reset gate
/// scales W_hn·h + b_hn). The step's math is in <see cref="GruCell{T}"/>.
/// </summary>
public sealed class Gru<T>(
    ParameterStore<T> parameters, string prefix, int inputSize, int hiddenSize,
    int numLayers = 1, bool bidirectional = false, double dropout = 0, Rng? rng = null)
    : RecurrentStack<T, GruCell<T>>(RecurrentCellKind.Gru, parameters, prefix, inputSize, hiddenSize, numLayers, bidirectional, dropout, rng)
    where T : unmanaged, IFloatingPointIeee754<T>;
