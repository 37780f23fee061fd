using System.Numerics;
using System.Numerics.Tensors;
using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Layers.Recurrent;

/// <summary>
/// One layer of one direction of a recurrent network: the time loop around a <typeparamref name="TCell"/>.
/// Forward: gatesᵢ = X·W_ihᵀ + b_ih for all steps in one GEMM, then per step hiddenGates = h·W_hhᵀ + b_hh and the
/// cell's point-wise update. Backward: the reverse time loop produces gate gradients, then W_ih, W_hh, biases and
/// the input gradient come from GEMMs over all steps at once.
/// </summary>
/// <remarks>
/// Legend: T steps, B batch, I input size, H hidden size, G = gates·H. Tensors are time-major.
/// Variable lengths follow PyTorch's packed sequences: row b is active at time t when t &lt; length[b]; inactive
/// steps write zero output, keep the state, and get no gradient. The reverse direction walks t = T−1 … 0, so each
/// sequence starts from the initial state at its own last valid step. The time loop allocates nothing.
/// </remarks>
internal sealed class RecurrentDirection<T, TCell>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TCell : IRecurrentCell<T>
{
    private readonly Parameter<T> _weightIh; // (G, I)
    private readonly Parameter<T> _weightHh; // (G, H)
    private readonly Parameter<T> _biasIh;   // (G)
    private readonly Parameter<T> _biasHh;   // (G)

    // W_hh in the GEMM's packed layout, packed on the first step of a pass and reused by every later step: packing
    // G·H values per step cost about as much as the step's product. The optimizer moves W_hh between passes, so each
    // pass clears its cache first.
    private readonly PackedOperand<T> _packedWeightHhT = new(); // W_hhᵀ (H, G) for the forward step
    private readonly PackedOperand<T> _packedWeightHh = new();  // W_hh (G, H) for the backward step

    private T[] _inputGates = [];      // (T, B, G)  X·W_ihᵀ + b_ih
    private T[] _hiddenGates = [];     // (B, G)     h·W_hhᵀ + b_hh of the current step
    private T[] _previousHidden = [];  // (T, B, H)  the h that entered the step at time t
    private T[] _previousCell = [];    // (T, B, H)  the c that entered the step at time t (LSTM)
    private T[] _cache = [];           // (T, B, CacheBlocks·H)
    private T[] _dInputGates = [];     // (T, B, G)
    private T[] _dHiddenGates = [];    // (T, B, G)  GRU only; otherwise equal to _dInputGates
    private T[] _dHidden = [];         // (B, H)     running ∂L/∂h
    private T[] _dCell = [];           // (B, H)     running ∂L/∂c
    private int[] _lengths = [];       // (B)
    private int _steps, _batch;

    public RecurrentDirection(ParameterStore<T> parameters, string prefix, string suffix, int inputSize, int hiddenSize)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        var gates = TCell.GateCount * hiddenSize;
        _weightIh = parameters.Add(prefix + "weight_ih_" + suffix, gates, inputSize);
        _weightHh = parameters.Add(prefix + "weight_hh_" + suffix, gates, hiddenSize);
        _biasIh = parameters.Add(prefix + "bias_ih_" + suffix, gates);
        _biasHh = parameters.Add(prefix + "bias_hh_" + suffix, gates);
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    public bool Reverse { get; init; }

    public IEnumerable<Parameter<T>> Parameters => [_weightIh, _weightHh, _biasIh, _biasHh];

    /// <summary>
    /// Runs the sequence. <paramref name="output"/> rows have <paramref name="outputStride"/> elements and this
    /// direction writes H of them starting at <paramref name="outputOffset"/> (bidirectional layers interleave).
    /// </summary>
    /// <param name="output">(T, B, outputStride); padded steps get zeros</param>
    /// <param name="hN">(B, H) final hidden state, each row at its last valid step</param>
    /// <param name="cN">(B, H) final cell state (LSTM), else empty</param>
    /// <param name="input">(T, B, I)</param>
    /// <param name="lengths">(B) valid steps per row</param>
    /// <param name="h0">(B, H) initial hidden state</param>
    /// <param name="c0">(B, H) initial cell state (LSTM), else empty</param>
    public void Forward(
        Span<T> output, int outputStride, int outputOffset, Span<T> hN, Span<T> cN,
        ReadOnlySpan<T> input, ReadOnlySpan<int> lengths, ReadOnlySpan<T> h0, ReadOnlySpan<T> c0, int steps, int batch)
    {
        Allocate(steps, batch);
        lengths.CopyTo(_lengths);
        int H = HiddenSize, G = TCell.GateCount * H, I = InputSize, C = TCell.CacheBlocks * H;
        var hasCell = TCell.HasCellState;

        // inputGates (T·B, G) = X (T·B, I) · W_ihᵀ + b_ih, one GEMM for every step.
        var inputGates = _inputGates.AsSpan(0, steps * batch * G);
        for (var row = 0; row < steps * batch; row++) _biasIh.Value.CopyTo(inputGates.Slice(row * G, G));
        Gemm.Multiply(false, true, steps * batch, G, I, input, I, _weightIh.Value, I, inputGates, G, accumulate: true);

        // The running state lives in hN / cN, which end up holding the final state.
        h0.CopyTo(hN);
        if (hasCell) c0.CopyTo(cN);
        var hiddenGates = _hiddenGates.AsSpan(0, batch * G);
        _packedWeightHhT.Clear();
        for (var s = 0; s < steps; s++)
        {
            var t = Reverse ? steps - 1 - s : s;
            var previousHidden = _previousHidden.AsSpan(t * batch * H, batch * H);
            hN.CopyTo(previousHidden);
            var previousCell = hasCell ? _previousCell.AsSpan(t * batch * H, batch * H) : default;
            if (hasCell) cN.CopyTo(previousCell);

            // hiddenGates (B, G) = h (B, H) · W_hhᵀ + b_hh
            for (var b = 0; b < batch; b++) _biasHh.Value.CopyTo(hiddenGates.Slice(b * G, G));
            Gemm.Multiply(false, true, batch, G, H, previousHidden, H, _weightHh.Value, H, hiddenGates, G, accumulate: true, _packedWeightHhT);

            for (var b = 0; b < batch; b++)
            {
                var outputRow = output.Slice((t * batch + b) * outputStride + outputOffset, H);
                if (t >= lengths[b])
                {
                    outputRow.Clear();
                    continue;
                }
                var h = hN.Slice(b * H, H);
                TCell.ForwardRow(
                    h, hasCell ? cN.Slice(b * H, H) : default, _cache.AsSpan((t * batch + b) * C, C),
                    inputGates.Slice((t * batch + b) * G, G), hiddenGates.Slice(b * G, G),
                    previousHidden.Slice(b * H, H), hasCell ? previousCell.Slice(b * H, H) : default);
                h.CopyTo(outputRow);
            }
        }
    }

    /// <summary>
    /// Backward of <see cref="Forward"/>; adds into every gradient. Uses the state cached by the last Forward.
    /// </summary>
    /// <param name="dInput">(T, B, I) ∂L/∂input, added to; empty when the caller needs no input gradient</param>
    /// <param name="dH0">(B, H) ∂L/∂h0, added to</param>
    /// <param name="dC0">(B, H) ∂L/∂c0 (LSTM), added to</param>
    /// <param name="dOutput">(T, B, outputStride) ∂L/∂output; padded steps are ignored</param>
    /// <param name="dHN">(B, H) ∂L/∂h_n, or empty for zero</param>
    /// <param name="dCN">(B, H) ∂L/∂c_n (LSTM), or empty for zero</param>
    /// <param name="input">(T, B, I) the input given to Forward</param>
    public void Backward(
        Span<T> dInput, Span<T> dH0, Span<T> dC0,
        ReadOnlySpan<T> dOutput, int outputStride, int outputOffset, ReadOnlySpan<T> dHN, ReadOnlySpan<T> dCN,
        ReadOnlySpan<T> input)
    {
        int steps = _steps, batch = _batch;
        int H = HiddenSize, G = TCell.GateCount * H, I = InputSize, C = TCell.CacheBlocks * H;
        var hasCell = TCell.HasCellState;
        var dHidden = _dHidden.AsSpan(0, batch * H);
        var dCell = hasCell ? _dCell.AsSpan(0, batch * H) : default;
        if (dHN.IsEmpty) dHidden.Clear(); else dHN.CopyTo(dHidden);
        if (hasCell)
        {
            if (dCN.IsEmpty) dCell.Clear(); else dCN.CopyTo(dCell);
        }
        var dInputGates = _dInputGates.AsSpan(0, steps * batch * G);
        var dHiddenGates = TCell.SeparateHiddenGateGradient ? _dHiddenGates.AsSpan(0, steps * batch * G) : dInputGates;

        _packedWeightHh.Clear();
        for (var s = steps - 1; s >= 0; s--)
        {
            var t = Reverse ? steps - 1 - s : s;
            for (var b = 0; b < batch; b++)
            {
                var index = t * batch + b;
                if (t >= _lengths[b])
                {
                    // A padded step passed the state through unchanged, so its gradient passes through too.
                    dInputGates.Slice(index * G, G).Clear();
                    if (TCell.SeparateHiddenGateGradient) dHiddenGates.Slice(index * G, G).Clear();
                    continue;
                }
                var dh = dHidden.Slice(b * H, H);
                TensorPrimitives.Add(dh, dOutput.Slice(index * outputStride + outputOffset, H), dh);
                TCell.BackwardRow(
                    dInputGates.Slice(index * G, G), dHiddenGates.Slice(index * G, G), dh,
                    hasCell ? dCell.Slice(b * H, H) : default, _cache.AsSpan(index * C, C),
                    _previousHidden.AsSpan(index * H, H), hasCell ? _previousCell.AsSpan(index * H, H) : default);
            }
            // hiddenGates = h_prev·W_hhᵀ + b_hh  ⇒  ∂L/∂h_prev (B, H) += dHiddenGates (B, G) · W_hh (G, H)
            Gemm.Multiply(false, false, batch, H, G, dHiddenGates.Slice(t * batch * G, batch * G), G,
                _weightHh.Value, H, dHidden, H, accumulate: true, _packedWeightHh);
        }
        TensorPrimitives.Add(dH0, dHidden, dH0);
        if (hasCell) TensorPrimitives.Add(dC0, dCell, dC0);

        var rows = steps * batch;
        // inputGates = X·W_ihᵀ + b_ih  ⇒  dW_ih (G, I) += dGatesᵀ · X, dX (T·B, I) += dGates · W_ih, db_ih += Σ rows
        Gemm.Multiply(true, false, G, I, rows, dInputGates, G, input, I, _weightIh.Gradient, I, accumulate: true);
        if (!dInput.IsEmpty)
            Gemm.Multiply(false, false, rows, I, G, dInputGates, G, _weightIh.Value, I, dInput, I, accumulate: true);
        AddRowSums(_biasIh.Gradient, dInputGates, rows);
        // hiddenGates = h_prev·W_hhᵀ + b_hh  ⇒  dW_hh (G, H) += dHiddenGatesᵀ · H_prev over all steps, db_hh += Σ rows
        Gemm.Multiply(true, false, G, H, rows, dHiddenGates, G, _previousHidden, H, _weightHh.Gradient, H, accumulate: true);
        AddRowSums(_biasHh.Gradient, dHiddenGates, rows);
    }

    private static void AddRowSums(Span<T> destination, ReadOnlySpan<T> matrix, int rows)
    {
        var width = destination.Length;
        for (var row = 0; row < rows; row++) TensorPrimitives.Add(destination, matrix.Slice(row * width, width), destination);
    }

    /// <summary>Grows the buffers for (T, B); never shrinks, so steady-state training allocates nothing.</summary>
    private void Allocate(int steps, int batch)
    {
        _steps = steps;
        _batch = batch;
        int H = HiddenSize, G = TCell.GateCount * H;
        var stepRows = steps * batch;
        Grow(ref _inputGates, stepRows * G);
        Grow(ref _hiddenGates, batch * G);
        Grow(ref _previousHidden, stepRows * H);
        if (TCell.HasCellState)
        {
            Grow(ref _previousCell, stepRows * H);
            Grow(ref _dCell, batch * H);
        }
        Grow(ref _cache, stepRows * TCell.CacheBlocks * H);
        Grow(ref _dInputGates, stepRows * G);
        if (TCell.SeparateHiddenGateGradient) Grow(ref _dHiddenGates, stepRows * G);
        Grow(ref _dHidden, batch * H);
        if (_lengths.Length < batch) _lengths = new int[batch];
    }

    private static void Grow(ref T[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new T[length];
    }
}
