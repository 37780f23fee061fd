using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tests.Layers;

public class DropoutTests
{
    [Fact]
    public void TrainingZeroesAboutPAndScalesTheRest()
    {
        var dropout = new Dropout<float>(0.25, new Rng(5));
        var input = Enumerable.Repeat(1f, 10_000).ToArray();
        var output = new float[input.Length];
        dropout.Forward(output, input, training: true);
        var zeros = output.Count(v => v == 0);
        Assert.InRange(zeros, 2_300, 2_700);
        Assert.All(output.Where(v => v != 0), v => Assert.Equal(1f / 0.75f, v, 6));

        var dInput = new float[input.Length];
        dropout.Backward(dInput, input);
        Assert.Equal(output, dInput);
    }

    [Fact]
    public void InferenceIsTheIdentity()
    {
        var dropout = new Dropout<double>(0.5, new Rng(5));
        double[] input = [1, 2, 3];
        var output = new double[3];
        dropout.Forward(output, input, training: false);
        Assert.Equal(input, output);
    }

    [Fact]
    public void SameSeedGivesSameMask()
    {
        float[] Run()
        {
            var output = new float[64];
            new Dropout<float>(0.5, new Rng(11)).Forward(output, Enumerable.Repeat(1f, 64).ToArray(), true);
            return output;
        }
        Assert.Equal(Run(), Run());
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void InvalidProbabilityIsRejected(double p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout<float>(p, new Rng(1)));
}
