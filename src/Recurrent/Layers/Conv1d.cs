using System.Numerics;
using System.Numerics.Tensors;
using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// Causal 1-D convolution over time, weight-compatible with torch.nn.Conv1d (stride 1, dilation 1):
/// y[t, b, o] = bias[o] + Σᵢ Σₖ W[o, i, k]·x[t − (K − 1) + k, b, i], with x before the start taken from an optional
/// context (the previous K − 1 frames) or zero. Output step t sees only inputs up to t, so a detector can run it
/// on a live stream; it equals PyTorch's Conv1d with padding K − 1 keeping the first T outputs.
/// Legend: T steps, B batch, I input channels, O output channels, K kernel size.
/// </summary>
/// <remarks>
/// Computed as one GEMM over unfolded input columns: cols[t, b, i·K + k] = x[t − (K − 1) + k, b, i], so
/// y = cols·Wᵀ with W viewed as (O, I·K) in PyTorch's own layout. The column buffer grows to the largest (T, B)
/// seen and is reused.
/// </remarks>
public sealed class Conv1d<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T> _weight; // (O, I, K)
    private readonly Parameter<T> _bias;   // (O)
    private T[] _columns = [];             // (T·B, I·K)

    public Conv1d(ParameterStore<T> parameters, string prefix, int inputChannels, int outputChannels, int kernelSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        InputChannels = inputChannels;
        OutputChannels = outputChannels;
        KernelSize = kernelSize;
        _weight = parameters.Add(prefix + "weight", outputChannels, inputChannels, kernelSize);
        _bias = parameters.Add(prefix + "bias", outputChannels);
    }

    public int InputChannels { get; }

    public int OutputChannels { get; }

    public int KernelSize { get; }

    /// <summary>(K − 1)·I: the length of one sequence's context, the frames before the first step.</summary>
    public int ContextLength(int batch) => (KernelSize - 1) * batch * InputChannels;

    public Parameter<T> Weight => _weight;

    public Parameter<T> Bias => _bias;

    /// <summary>PyTorch's default: W and b from U(−1/√(I·K), 1/√(I·K)).</summary>
    public void Initialize(Rng rng)
    {
        var bound = 1.0 / Math.Sqrt(InputChannels * KernelSize);
        rng.FillUniform(_weight.Value, -bound, bound);
        rng.FillUniform(_bias.Value, -bound, bound);
    }

    /// <param name="output">(T, B, O)</param>
    /// <param name="input">(T, B, I)</param>
    /// <param name="context">(K − 1, B, I) the frames before input[0], or empty for zeros</param>
    public void Forward(Span<T> output, ReadOnlySpan<T> input, ReadOnlySpan<T> context, int steps, int batch)
    {
        if (output.Length != steps * batch * OutputChannels)
            throw new ArgumentException($"Conv1d output has {output.Length} elements; ({steps}, {batch}, {OutputChannels}) needs {steps * batch * OutputChannels}.");
        var rows = steps * batch;
        var columns = Unfold(input, context, steps, batch);
        for (var row = 0; row < rows; row++) _bias.Value.CopyTo(output.Slice(row * OutputChannels, OutputChannels));
        var width = InputChannels * KernelSize;
        Gemm.Multiply(false, true, rows, OutputChannels, width, columns, width, _weight.Value, width, output, OutputChannels, accumulate: true);
    }

    /// <summary>
    /// Backward of "y = cols·Wᵀ + b": dW += dyᵀ·cols, db += Σ_rows dy, dcols = dy·W, and dx adds each dcols entry
    /// back at the input step it was unfolded from. The context gets no gradient (training starts from silence).
    /// </summary>
    /// <param name="dInput">(T, B, I), or empty when the input needs no gradient</param>
    /// <param name="dOutput">(T, B, O)</param>
    /// <param name="input">(T, B, I) the input given to Forward (without context)</param>
    public void Backward(Span<T> dInput, ReadOnlySpan<T> dOutput, ReadOnlySpan<T> input, int steps, int batch)
    {
        var rows = steps * batch;
        if (dOutput.Length != rows * OutputChannels)
            throw new ArgumentException($"Conv1d dOutput has {dOutput.Length} elements; ({steps}, {batch}, {OutputChannels}) needs {rows * OutputChannels}.");
        var width = InputChannels * KernelSize;
        var columns = Unfold(input, default, steps, batch);
        Gemm.Multiply(true, false, OutputChannels, width, rows, dOutput, OutputChannels, columns, width, _weight.Gradient, width, accumulate: true);
        var dBias = _bias.Gradient;
        for (var row = 0; row < rows; row++) TensorPrimitives.Add(dBias, dOutput.Slice(row * OutputChannels, OutputChannels), dBias);
        if (dInput.IsEmpty) return;
        if (dInput.Length != input.Length) throw new ArgumentException($"Conv1d dInput has {dInput.Length} elements; the input has {input.Length}.");
        // The columns are no longer needed: reuse them for dcols = dy·W.
        Gemm.Multiply(false, false, rows, width, OutputChannels, dOutput, OutputChannels, _weight.Value, width, columns, width, accumulate: false);
        for (var t = 0; t < steps; t++)
        {
            for (var k = 0; k < KernelSize; k++)
            {
                var source = t - (KernelSize - 1) + k;
                if (source < 0) continue;
                for (var b = 0; b < batch; b++)
                {
                    var dCols = columns.Slice((t * batch + b) * width, width);
                    var dx = dInput.Slice((source * batch + b) * InputChannels, InputChannels);
                    for (var i = 0; i < InputChannels; i++) dx[i] += dCols[i * KernelSize + k];
                }
            }
        }
    }

    /// <summary>cols[t, b, i·K + k] = x[t − (K − 1) + k, b, i], reading the context (or zero) before step 0.</summary>
    private Span<T> Unfold(ReadOnlySpan<T> input, ReadOnlySpan<T> context, int steps, int batch)
    {
        if (input.Length != steps * batch * InputChannels)
            throw new ArgumentException($"Conv1d input has {input.Length} elements; ({steps}, {batch}, {InputChannels}) needs {steps * batch * InputChannels}.");
        if (!context.IsEmpty && context.Length != ContextLength(batch))
            throw new ArgumentException($"Conv1d context has {context.Length} elements; ({KernelSize - 1}, {batch}, {InputChannels}) needs {ContextLength(batch)}.");
        var width = InputChannels * KernelSize;
        if (_columns.Length < steps * batch * width) _columns = new T[steps * batch * width];
        var columns = _columns.AsSpan(0, steps * batch * width);
        for (var t = 0; t < steps; t++)
        {
            for (var k = 0; k < KernelSize; k++)
            {
                var source = t - (KernelSize - 1) + k;
                for (var b = 0; b < batch; b++)
                {
                    var row = columns.Slice((t * batch + b) * width, width);
                    ReadOnlySpan<T> x = source >= 0
                        ? input.Slice((source * batch + b) * InputChannels, InputChannels)
                        : context.IsEmpty ? default : context.Slice(((KernelSize - 1 + source) * batch + b) * InputChannels, InputChannels);
                    for (var i = 0; i < InputChannels; i++) row[i * KernelSize + k] = x.IsEmpty ? T.Zero : x[i];
                }
            }
        }
        return columns;
    }
}
