using System.Numerics;
using Recurrent.Layers;
using Recurrent.Tensors;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Layers;

public class Conv1dTests
{
    [Theory]
    [InlineData("k3", 5, 2, 3, 4, 3)]
    [InlineData("k1", 4, 3, 2, 3, 1)]
    [InlineData("kernel_longer_than_sequence", 3, 2, 2, 2, 5)]
    public void MatchesTorchConv1dWithCausalPadding(string name, int steps, int batch, int inputs, int outputs, int kernel)
    {
        // Double runs the fixture's float32 inputs exactly as PyTorch's float64 reference did: rounding only.
        Parity<double>(name, steps, batch, inputs, outputs, kernel, 1e-12);
        // Float sums a few dozen products per output: 1e-5 covers float32 accumulation.
        Parity<float>(name, steps, batch, inputs, outputs, kernel, 1e-5);
    }

    private static void Parity<T>(string name, int steps, int batch, int inputs, int outputs, int kernel, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var file = Fixtures.Load("conv/conv1d.safetensors");
        var store = new ParameterStore<T>();
        var conv = new Conv1d<T>(store, "conv.", inputs, outputs, kernel);
        file[$"{name}.weight"].CopyTo(conv.Weight.Value);
        file[$"{name}.bias"].CopyTo(conv.Bias.Value);
        var input = file[$"{name}.input"].ToArray<T>();
        var output = new T[steps * batch * outputs];

        conv.Forward(output, input, default, steps, batch);
        var dInput = new T[input.Length];
        conv.Backward(dInput, file[$"{name}.grad_output"].ToArray<T>(), input, steps, batch);

        TensorAssert.Close<T, double>($"{name}.output", file[$"{name}.output"].ToArray<double>(), output, tolerance, tolerance);
        TensorAssert.Close<T, double>($"{name}.grad_input", file[$"{name}.grad_input"].ToArray<double>(), dInput, tolerance, tolerance);
        TensorAssert.Close<T, double>($"{name}.grad_weight", file[$"{name}.grad_weight"].ToArray<double>(), conv.Weight.Gradient.ToArray(), tolerance, tolerance);
        TensorAssert.Close<T, double>($"{name}.grad_bias", file[$"{name}.grad_bias"].ToArray<double>(), conv.Bias.Gradient.ToArray(), tolerance, tolerance);
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        const int steps = 4, batch = 2, inputs = 3, outputs = 2, kernel = 3;
        var rng = new Rng(7);
        var store = new ParameterStore<double>();
        var conv = new Conv1d<double>(store, "conv.", inputs, outputs, kernel);
        conv.Initialize(rng);
        var input = new double[steps * batch * inputs];
        var weights = new double[steps * batch * outputs];
        rng.FillUniform<double>(input, -1, 1);
        rng.FillUniform<double>(weights, -1, 1);
        var output = new double[weights.Length];
        double Loss()
        {
            conv.Forward(output, input, default, steps, batch);
            return output.Zip(weights, (a, b) => a * b).Sum();
        }

        Loss();
        var dInput = new double[input.Length];
        conv.Backward(dInput, weights, input, steps, batch);
        GradientCheck.Check("input", input, dInput, Loss);
        GradientCheck.CheckParameters(store, Loss);
    }

    [Fact]
    public void BackwardAddsIntoGradients()
    {
        var store = new ParameterStore<double>();
        var conv = new Conv1d<double>(store, "", 1, 1, 2);
        conv.Initialize(new Rng(1));
        double[] input = [1, 2, 3];
        double[] dOutput = [1, 1, 1];
        var dInput = new double[3];
        conv.Forward(new double[3], input, default, 3, 1);
        conv.Backward(dInput, dOutput, input, 3, 1);
        var once = (dInput.ToArray(), store.Gradients.ToArray());
        conv.Backward(dInput, dOutput, input, 3, 1);
        Assert.Equal(once.Item1.Select(x => 2 * x), dInput);
        Assert.Equal(once.Item2.Select(x => 2 * x), store.Gradients.ToArray());
    }

    [Fact]
    public void RunningInPiecesWithContextEqualsRunningWhole()
    {
        const int steps = 7, batch = 2, inputs = 3, outputs = 4, kernel = 3;
        var store = new ParameterStore<float>();
        var conv = new Conv1d<float>(store, "", inputs, outputs, kernel);
        conv.Initialize(new Rng(2));
        var input = new float[steps * batch * inputs];
        new Rng(3).FillUniform<float>(input, -1, 1);
        var whole = new float[steps * batch * outputs];
        conv.Forward(whole, input, default, steps, batch);

        // Steps 0-3, then 4-6 with steps 2-3 as context.
        var row = batch * inputs;
        var first = new float[4 * batch * outputs];
        var second = new float[3 * batch * outputs];
        conv.Forward(first, input.AsSpan(0, 4 * row), default, 4, batch);
        conv.Forward(second, input.AsSpan(4 * row), input.AsSpan(2 * row, 2 * row), 3, batch);

        // A faster GEMM may sum in another order for other row counts: allow float rounding, nothing more.
        TensorAssert.Close<float, float>("pieces", whole, first.Concat(second).ToArray(), 1e-6, 1e-6);
    }
}
