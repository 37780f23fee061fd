using System.Numerics;
using Recurrent.Tensors;

namespace Recurrent.Layers.Recurrent;

/// <summary>
/// A stack of recurrent layers, optionally bidirectional, as PyTorch's nn.RNN / nn.LSTM / nn.GRU (time-major,
/// <c>batch_first=False</c>). Legend: T steps, B batch, I input size, H hidden size, L layers, D directions.
/// </summary>
public interface IRecurrentLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    RecurrentCellKind Cell { get; }

    int InputSize { get; }

    int HiddenSize { get; }

    int NumLayers { get; }

    bool Bidirectional { get; }

    /// <summary>Dropout applied to each layer's output except the last's, in training only.</summary>
    double Dropout { get; }

    /// <summary>1 or 2.</summary>
    int Directions => Bidirectional ? 2 : 1;

    /// <summary>D·H: the width of one step of output.</summary>
    int OutputSize => Directions * HiddenSize;

    /// <summary>True for LSTM, whose state includes c.</summary>
    bool HasCellState { get; }

    IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>Fills every parameter from U(−1/√H, 1/√H), PyTorch's default.</summary>
    void Initialize(Rng rng);

    /// <summary>Runs the stack over a batch of sequences.</summary>
    /// <param name="output">(T, B, D·H); zero at padded steps</param>
    /// <param name="hN">(L·D, B, H) final hidden states, each sequence at its own last valid step</param>
    /// <param name="cN">(L·D, B, H) final cell states (LSTM), else empty</param>
    /// <param name="input">(T, B, I)</param>
    /// <param name="lengths">(B) valid steps per sequence, each in [0, T]; empty means all T</param>
    /// <param name="h0">(L·D, B, H) initial hidden state; empty means zeros</param>
    /// <param name="c0">(L·D, B, H) initial cell state (LSTM); empty means zeros</param>
    /// <param name="training">enables dropout between layers</param>
    void Forward(Span<T> output, Span<T> hN, Span<T> cN,
        ReadOnlySpan<T> input, ReadOnlySpan<int> lengths, ReadOnlySpan<T> h0, ReadOnlySpan<T> c0,
        int steps, int batch, bool training);

    /// <summary>Backward of the last <see cref="Forward"/>: adds into every gradient it is given.</summary>
    /// <param name="dInput">(T, B, I), or empty when the input needs no gradient</param>
    /// <param name="dH0">(L·D, B, H), or empty</param>
    /// <param name="dC0">(L·D, B, H) (LSTM), or empty</param>
    /// <param name="dOutput">(T, B, D·H); padded steps are ignored</param>
    /// <param name="dHN">(L·D, B, H), or empty for zero</param>
    /// <param name="dCN">(L·D, B, H) (LSTM), or empty for zero</param>
    /// <param name="input">(T, B, I) the input given to Forward</param>
    void Backward(Span<T> dInput, Span<T> dH0, Span<T> dC0,
        ReadOnlySpan<T> dOutput, ReadOnlySpan<T> dHN, ReadOnlySpan<T> dCN, ReadOnlySpan<T> input);
}
