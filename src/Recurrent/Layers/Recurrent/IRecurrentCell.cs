using System.Numerics;

namespace Recurrent.Layers.Recurrent;

/// <summary>
/// The point-wise part of one recurrent step for one batch row, as a static operator: everything that is not a
/// matrix product. <see cref="RecurrentDirection{T, TCell}"/> does the matrix products and the time loop and calls
/// these for each active row, so LSTM, GRU and the simple RNN share one driver.
/// </summary>
/// <remarks>
/// Legend: H = hidden size, G = <see cref="GateCount"/>·H. The driver hands each row its input-side gate
/// pre-activations <c>x·W_ihᵀ + b_ih</c> and hidden-side ones <c>h·W_hhᵀ + b_hh</c> (kept apart because GRU
/// applies its reset gate to the hidden side of the candidate only).
/// </remarks>
public interface IRecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gate blocks of H rows in W_ih and W_hh: 1 (RNN), 3 (GRU: r, z, n), 4 (LSTM: i, f, g, o).</summary>
    static abstract int GateCount { get; }

    /// <summary>True for LSTM, which carries a cell state c beside h.</summary>
    static abstract bool HasCellState { get; }

    /// <summary>Values kept per row for backward, in multiples of H.</summary>
    static abstract int CacheBlocks { get; }

    /// <summary>
    /// False when the gradients of the input-side and hidden-side pre-activations are equal (LSTM, RNN), so the
    /// driver keeps one buffer; true for GRU.
    /// </summary>
    static abstract bool SeparateHiddenGateGradient { get; }

    /// <summary>One step for one row: from the gate pre-activations and the previous state to the new state.</summary>
    /// <param name="h">new hidden state (H)</param>
    /// <param name="c">new cell state (H); empty unless <see cref="HasCellState"/></param>
    /// <param name="cache">values for backward (CacheBlocks·H)</param>
    /// <param name="inputGates">x·W_ihᵀ + b_ih (G)</param>
    /// <param name="hiddenGates">h·W_hhᵀ + b_hh (G)</param>
    /// <param name="hPrevious">previous hidden state (H)</param>
    /// <param name="cPrevious">previous cell state (H); empty unless <see cref="HasCellState"/></param>
    static abstract void ForwardRow(
        Span<T> h, Span<T> c, Span<T> cache,
        ReadOnlySpan<T> inputGates, ReadOnlySpan<T> hiddenGates, ReadOnlySpan<T> hPrevious, ReadOnlySpan<T> cPrevious);

    /// <summary>
    /// Backward of <see cref="ForwardRow"/> for one row. Writes (does not add) the gate gradients; the driver turns
    /// them into weight, input and previous-state gradients with matrix products.
    /// </summary>
    /// <param name="dInputGates">∂L/∂(x·W_ihᵀ + b_ih) (G), written</param>
    /// <param name="dHiddenGates">∂L/∂(h·W_hhᵀ + b_hh) (G), written; ignored unless <see cref="SeparateHiddenGateGradient"/></param>
    /// <param name="dh">in: ∂L/∂h of this step (H); out: the part of ∂L/∂h_prev that does not pass through W_hh</param>
    /// <param name="dc">in: ∂L/∂c of this step (H); out: ∂L/∂c_prev. Empty unless <see cref="HasCellState"/></param>
    /// <param name="cache">what <see cref="ForwardRow"/> stored</param>
    /// <param name="hPrevious">previous hidden state (H)</param>
    /// <param name="cPrevious">previous cell state (H)</param>
    static abstract void BackwardRow(
        Span<T> dInputGates, Span<T> dHiddenGates, Span<T> dh, Span<T> dc,
        ReadOnlySpan<T> cache, ReadOnlySpan<T> hPrevious, ReadOnlySpan<T> cPrevious);
}
