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
/// <para>
/// Batch rows never meet inside the time loop (the weights they share change only after it), so with a large enough
/// batch the loop is split by rows across <see cref="KernelThreads"/>: each thread runs every step for its own rows,
/// without waiting for the others, and all read one packed copy of W_hh. Threads cannot hold the caller's spans, so
/// the loop works on this object's buffers and the caller's are copied in and out around it. Every value is computed
/// by the same operations in the same order however the rows are split, so results do not depend on the thread count.
/// </para>
/// </remarks>
internal sealed class RecurrentDirection<T, TCell> : KernelJob
    where T : unmanaged, IFloatingPointIeee754<T>
    where TCell : IRecurrentCell<T>
{
    /// <summary>
    /// Fewest rows a thread's share of the batch may have: more than the GEMM's few-rows limit, so that each share's
    /// h·W_hhᵀ takes the same packed path (same order of every sum) as the whole batch's.
    /// </summary>
    private const int MinimumRowsPerThread = Gemm.FewRowsTransposedB + 1;

    /// <summary>
    /// Fewest multiply-adds in a pass's recurrent products (T·B·G·H) for which waking the workers pays: 2²³ take about
    /// 0.1 ms on one core of the development machine, several times the tens of microseconds a wake-up costs. A
    /// judgement, not a measured crossover: the benchmark configurations are all far above it.
    /// </summary>
    private const long MinimumParallelWork = 1L << 23;

    private readonly Parameter<T> _weightIh; // (G, I)
    private readonly Parameter<T> _weightHh; // (G, H)
    private readonly Parameter<T> _biasIh;   // (G)
    private readonly Parameter<T> _biasHh;   // (G)

    // W_hh in the GEMM's packed layout, packed once per pass (by the first step, or before the threads start when
    // they share it) and read by every step: packing G·H values per step cost about as much as the step's product.
    // The optimizer moves W_hh between passes, so each pass clears them first.
    private readonly PackedOperand<T> _packedWeightHhT = new(); // W_hhᵀ (H, G) for the forward step
    private readonly PackedOperand<T> _packedWeightHh = new();  // W_hh (G, H) for the backward step

    private T[] _inputGates = [];      // (T, B, G)  X·W_ihᵀ + b_ih
    private T[] _hiddenGates = [];     // (B, G)     h·W_hhᵀ + b_hh of the current step
    private T[] _previousHidden = [];  // (T, B, H)  the h that entered the step at time t
    private T[] _previousCell = [];    // (T, B, H)  the c that entered the step at time t (LSTM)
    private T[] _hidden = [];          // (B, H)     running h; the final state after the loop
    private T[] _cell = [];            // (B, H)     running c (LSTM)
    private T[] _cache = [];           // (T, B, CacheBlocks·H)
    private T[] _dOutput = [];         // (T, B, H)  ∂L/∂output of this direction, copied from the caller's
    private T[] _dInputGates = [];     // (T, B, G)
    private T[] _dHiddenGates = [];    // (T, B, G)  GRU only; otherwise equal to _dInputGates
    private T[] _dHidden = [];         // (B, H)     running ∂L/∂h
    private T[] _dCell = [];           // (B, H)     running ∂L/∂c
    private int[] _lengths = [];       // (B)
    private int _steps, _batch;
    private int _shares;               // the time loop's split of the batch rows
    private bool _backwardPass;        // which time loop Execute runs

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
        int H = HiddenSize, G = TCell.GateCount * H, I = InputSize;
        var hasCell = TCell.HasCellState;

        // inputGates (T·B, G) = X (T·B, I) · W_ihᵀ + b_ih, one GEMM for every step.
        var inputGates = _inputGates.AsSpan(0, steps * batch * G);
        for (var row = 0; row < steps * batch; row++) _biasIh.Value.CopyTo(inputGates.Slice(row * G, G));
        Gemm.Multiply(false, true, steps * batch, G, I, input, I, _weightIh.Value, I, inputGates, G, accumulate: true);

        h0.CopyTo(_hidden);
        if (hasCell) c0.CopyTo(_cell);
        if (steps > 0)
        {
            var first = (Reverse ? steps - 1 : 0) * batch * H;
            h0.CopyTo(_previousHidden.AsSpan(first, batch * H));
            if (hasCell) c0.CopyTo(_previousCell.AsSpan(first, batch * H));
            _packedWeightHhT.Clear();
            if (_shares > 1) Gemm.Pack(true, H, G, _weightHh.Value, H, _packedWeightHhT);
            _backwardPass = false;
            RunTimeLoop();
        }
        _hidden.AsSpan(0, batch * H).CopyTo(hN);
        if (hasCell) _cell.AsSpan(0, batch * H).CopyTo(cN);
        CopyOutputs(output, outputStride, outputOffset);
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
        int H = HiddenSize, G = TCell.GateCount * H, I = InputSize;
        var hasCell = TCell.HasCellState;
        var dHidden = _dHidden.AsSpan(0, batch * H);
        var dCell = hasCell ? _dCell.AsSpan(0, batch * H) : default;
        if (dHN.IsEmpty) dHidden.Clear(); else dHN.CopyTo(dHidden);
        if (hasCell)
        {
            if (dCN.IsEmpty) dCell.Clear(); else dCN.CopyTo(dCell);
        }
        for (var row = 0; row < steps * batch; row++)
            dOutput.Slice(row * outputStride + outputOffset, H).CopyTo(_dOutput.AsSpan(row * H, H));
        if (steps > 0)
        {
            _packedWeightHh.Clear();
            if (_shares > 1) Gemm.Pack(false, G, H, _weightHh.Value, H, _packedWeightHh);
            _backwardPass = true;
            RunTimeLoop();
        }
        TensorPrimitives.Add(dH0, dHidden, dH0);
        if (hasCell) TensorPrimitives.Add(dC0, dCell, dC0);

        var rows = steps * batch;
        var dInputGates = _dInputGates.AsSpan(0, rows * G);
        var dHiddenGates = TCell.SeparateHiddenGateGradient ? _dHiddenGates.AsSpan(0, rows * G) : dInputGates;
        // inputGates = X·W_ihᵀ + b_ih  ⇒  dW_ih (G, I) += dGatesᵀ · X, dX (T·B, I) += dGates · W_ih, db_ih += Σ rows
        Gemm.Multiply(true, false, G, I, rows, dInputGates, G, input, I, _weightIh.Gradient, I, accumulate: true);
        if (!dInput.IsEmpty)
            Gemm.Multiply(false, false, rows, I, G, dInputGates, G, _weightIh.Value, I, dInput, I, accumulate: true);
        AddRowSums(_biasIh.Gradient, dInputGates, rows);
        // hiddenGates = h_prev·W_hhᵀ + b_hh  ⇒  dW_hh (G, H) += dHiddenGatesᵀ · H_prev over all steps, db_hh += Σ rows
        Gemm.Multiply(true, false, G, H, rows, dHiddenGates, G, _previousHidden, H, _weightHh.Gradient, H, accumulate: true);
        AddRowSums(_biasHh.Gradient, dHiddenGates, rows);
    }

    /// <summary>Runs the time loop of the current pass, one task per share of the batch rows.</summary>
    private void RunTimeLoop() => KernelThreads.Run(this, _shares);

    /// <summary>The time loop of the current pass for one share of the batch rows.</summary>
    public override void Execute(int task)
    {
        var first = task * _batch / _shares;
        var count = (task + 1) * _batch / _shares - first;
        if (_backwardPass)
            BackwardSteps(first, count);
        else
            ForwardSteps(first, count);
    }

    /// <summary>The forward time loop for batch rows [first, first + count).</summary>
    private void ForwardSteps(int first, int count)
    {
        int steps = _steps, batch = _batch, H = HiddenSize, G = TCell.GateCount * H, C = TCell.CacheBlocks * H;
        var hasCell = TCell.HasCellState;
        var hiddenGates = _hiddenGates.AsSpan(first * G, count * G);
        ReadOnlySpan<T> biasHh = _biasHh.Value;
        for (var s = 0; s < steps; s++)
        {
            var t = Reverse ? steps - 1 - s : s;
            var previousHidden = _previousHidden.AsSpan((t * batch + first) * H, count * H);
            var previousCell = hasCell ? _previousCell.AsSpan((t * batch + first) * H, count * H) : default;

            // hiddenGates (rows, G) = h (rows, H) · W_hhᵀ + b_hh
            for (var r = 0; r < count; r++) biasHh.CopyTo(hiddenGates.Slice(r * G, G));
            Gemm.Multiply(false, true, count, G, H, previousHidden, H, _weightHh.Value, H, hiddenGates, G, accumulate: true, _packedWeightHhT);

            for (var r = 0; r < count; r++)
            {
                var b = first + r;
                if (t >= _lengths[b]) continue;
                var row = t * batch + b;
                TCell.ForwardRow(
                    _hidden.AsSpan(b * H, H), hasCell ? _cell.AsSpan(b * H, H) : default, _cache.AsSpan(row * C, C),
                    _inputGates.AsSpan(row * G, G), hiddenGates.Slice(r * G, G),
                    previousHidden.Slice(r * H, H), hasCell ? previousCell.Slice(r * H, H) : default);
            }

            // The state entering the next step, for its product and for backward (padded rows carry theirs over).
            if (s + 1 < steps)
            {
                var next = ((Reverse ? t - 1 : t + 1) * batch + first) * H;
                _hidden.AsSpan(first * H, count * H).CopyTo(_previousHidden.AsSpan(next, count * H));
                if (hasCell) _cell.AsSpan(first * H, count * H).CopyTo(_previousCell.AsSpan(next, count * H));
            }
        }
    }

    /// <summary>The backward time loop for batch rows [first, first + count).</summary>
    private void BackwardSteps(int first, int count)
    {
        int steps = _steps, batch = _batch, H = HiddenSize, G = TCell.GateCount * H, C = TCell.CacheBlocks * H;
        var hasCell = TCell.HasCellState;
        var dInputGates = _dInputGates.AsSpan(0, steps * batch * G);
        var dHiddenGates = TCell.SeparateHiddenGateGradient ? _dHiddenGates.AsSpan(0, steps * batch * G) : dInputGates;
        var dHidden = _dHidden.AsSpan(first * H, count * H);
        for (var s = steps - 1; s >= 0; s--)
        {
            var t = Reverse ? steps - 1 - s : s;
            for (var r = 0; r < count; r++)
            {
                var b = first + r;
                var row = t * batch + b;
                if (t >= _lengths[b])
                {
                    // A padded step passed the state through unchanged, so its gradient passes through too.
                    dInputGates.Slice(row * G, G).Clear();
                    if (TCell.SeparateHiddenGateGradient) dHiddenGates.Slice(row * G, G).Clear();
                    continue;
                }
                var dh = dHidden.Slice(r * H, H);
                TensorPrimitives.Add(dh, _dOutput.AsSpan(row * H, H), dh);
                TCell.BackwardRow(
                    dInputGates.Slice(row * G, G), dHiddenGates.Slice(row * G, G), dh,
                    hasCell ? _dCell.AsSpan(b * H, H) : default, _cache.AsSpan(row * C, C),
                    _previousHidden.AsSpan(row * H, H), hasCell ? _previousCell.AsSpan(row * H, H) : default);
            }
            // hiddenGates = h_prev·W_hhᵀ + b_hh  ⇒  ∂L/∂h_prev (rows, H) += dHiddenGates (rows, G) · W_hh (G, H)
            Gemm.Multiply(false, false, count, H, G, dHiddenGates.Slice((t * batch + first) * G, count * G), G,
                _weightHh.Value, H, dHidden, H, accumulate: true, _packedWeightHh);
        }
    }

    /// <summary>
    /// Writes each active step's new h into the caller's output and zeros into padded steps. The h after time t is
    /// the h entering the next step processed (t + 1, or t − 1 in reverse), or the final state after the last one.
    /// </summary>
    private void CopyOutputs(Span<T> output, int outputStride, int outputOffset)
    {
        int steps = _steps, batch = _batch, H = HiddenSize;
        for (var t = 0; t < steps; t++)
        {
            var last = Reverse ? t == 0 : t == steps - 1;
            var after = last ? _hidden : _previousHidden.AsSpan((Reverse ? t - 1 : t + 1) * batch * H, batch * H);
            for (var b = 0; b < batch; b++)
            {
                var outputRow = output.Slice((t * batch + b) * outputStride + outputOffset, H);
                if (t < _lengths[b]) after.Slice(b * H, H).CopyTo(outputRow);
                else outputRow.Clear();
            }
        }
    }

    /// <summary>How many shares the time loop's rows are split into: one per thread, when the batch and the work allow.</summary>
    private int Shares(int steps, int batch)
    {
        var H = HiddenSize;
        if ((long)steps * batch * TCell.GateCount * H * H < MinimumParallelWork)
            return 1;
        return Math.Max(1, Math.Min(KernelThreads.Count, batch / MinimumRowsPerThread));
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
        _shares = Shares(steps, batch);
        int H = HiddenSize, G = TCell.GateCount * H;
        var stepRows = steps * batch;
        Grow(ref _inputGates, stepRows * G);
        Grow(ref _hiddenGates, batch * G);
        Grow(ref _previousHidden, stepRows * H);
        Grow(ref _hidden, batch * H);
        if (TCell.HasCellState)
        {
            Grow(ref _previousCell, stepRows * H);
            Grow(ref _cell, batch * H);
            Grow(ref _dCell, batch * H);
        }
        Grow(ref _cache, stepRows * TCell.CacheBlocks * H);
        Grow(ref _dOutput, stepRows * H);
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
