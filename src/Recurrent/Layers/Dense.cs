using System.Numerics;
using System.Numerics.Tensors;
using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// Fully connected layer applied to every row (every time step of every sequence), as torch.nn.Linear:
/// y = x·Wᵀ + b with W (O, I) and b (O). Legend: N rows (T·B), I inputs, O outputs.
/// </summary>
public sealed class Dense<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T> _weight; // (O, I)
    private readonly Parameter<T> _bias;   // (O)

    public Dense(ParameterStore<T> parameters, string prefix, int inputSize, int outputSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        InputSize = inputSize;
        OutputSize = outputSize;
        _weight = parameters.Add(prefix + "weight", outputSize, inputSize);
        _bias = parameters.Add(prefix + "bias", outputSize);
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    public Parameter<T> Weight => _weight;

    public Parameter<T> Bias => _bias;

    /// <summary>PyTorch's default: W and b from U(−1/√I, 1/√I).</summary>
    public void Initialize(Rng rng)
    {
        var bound = 1.0 / Math.Sqrt(InputSize);
        rng.FillUniform(_weight.Value, -bound, bound);
        rng.FillUniform(_bias.Value, -bound, bound);
    }

    /// <param name="output">(N, O)</param>
    /// <param name="input">(N, I)</param>
    public void Forward(Span<T> output, ReadOnlySpan<T> input, int rows)
    {
        Check(output.Length, input.Length, rows);
        for (var row = 0; row < rows; row++) _bias.Value.CopyTo(output.Slice(row * OutputSize, OutputSize));
        Gemm.Multiply(false, true, rows, OutputSize, InputSize, input, InputSize, _weight.Value, InputSize, output, OutputSize, accumulate: true);
    }

    /// <summary>y = x·Wᵀ + b  ⇒  dx += dy·W, dW += dyᵀ·x, db += Σ_rows dy. Adds into every gradient.</summary>
    /// <param name="dInput">(N, I), or empty when the input needs no gradient</param>
    /// <param name="dOutput">(N, O)</param>
    /// <param name="input">(N, I) the input given to Forward</param>
    public void Backward(Span<T> dInput, ReadOnlySpan<T> dOutput, ReadOnlySpan<T> input, int rows)
    {
        Check(dOutput.Length, input.Length, rows);
        if (!dInput.IsEmpty)
            Gemm.Multiply(false, false, rows, InputSize, OutputSize, dOutput, OutputSize, _weight.Value, InputSize, dInput, InputSize, accumulate: true);
        Gemm.Multiply(true, false, OutputSize, InputSize, rows, dOutput, OutputSize, input, InputSize, _weight.Gradient, InputSize, accumulate: true);
        var dBias = _bias.Gradient;
        for (var row = 0; row < rows; row++) TensorPrimitives.Add(dBias, dOutput.Slice(row * OutputSize, OutputSize), dBias);
    }

    private void Check(int outputLength, int inputLength, int rows)
    {
        if (inputLength != rows * InputSize)
            throw new ArgumentException($"Dense input has {inputLength} elements; ({rows}, {InputSize}) needs {rows * InputSize}.");
        if (outputLength != rows * OutputSize)
            throw new ArgumentException($"Dense output has {outputLength} elements; ({rows}, {OutputSize}) needs {rows * OutputSize}.");
    }
}
