using Recurrent.Layers;
using Recurrent.Tensors;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Layers;

public class DenseTests
{
    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        const int rows = 5, inputs = 4, outputs = 3;
        var rng = new Rng(1);
        var store = new ParameterStore<double>();
        var dense = new Dense<double>(store, "head.", inputs, outputs);
        dense.Initialize(rng);
        var input = new double[rows * inputs];
        var weights = new double[rows * outputs];
        rng.FillUniform<double>(input, -1, 1);
        rng.FillUniform<double>(weights, -1, 1);
        var output = new double[rows * outputs];
        double Loss()
        {
            dense.Forward(output, input, rows);
            return output.Zip(weights, (a, b) => a * b).Sum();
        }

        Loss();
        var dInput = new double[input.Length];
        dense.Backward(dInput, weights, input, rows);
        GradientCheck.Check("input", input, dInput, Loss);
        GradientCheck.CheckParameters(store, Loss);
    }

    [Fact]
    public void ForwardIsInputTimesWeightTransposedPlusBias()
    {
        var store = new ParameterStore<float>();
        var dense = new Dense<float>(store, "", 2, 2);
        new float[] { 1, 2, 3, 4 }.CopyTo(dense.Weight.Value);
        new float[] { 0.5f, -1 }.CopyTo(dense.Bias.Value);
        var output = new float[2];
        dense.Forward(output, new float[] { 1, -1 }, 1);
        Assert.Equal([1 - 2 + 0.5f, 3 - 4 - 1f], output);
    }

    [Fact]
    public void WrongInputSizeIsAClearError()
    {
        var dense = new Dense<float>(new ParameterStore<float>(), "", 3, 2);
        var error = Assert.Throws<ArgumentException>(() => dense.Forward(new float[4], new float[5], 2));
        Assert.Contains("(2, 3)", error.Message);
    }
}
