using Recurrent.Layers;
using Recurrent.Tensors;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Layers;

public class EmbeddingTests
{
    [Fact]
    public void GradientsMatchFiniteDifferencesWithRepeatedIds()
    {
        var rng = new Rng(2);
        var store = new ParameterStore<double>();
        var embedding = new Embedding<double>(store, "embedding.", 5, 3);
        embedding.Initialize(rng);
        int[] ids = [4, 0, 4, 2];
        var weights = new double[ids.Length * 3];
        rng.FillUniform<double>(weights, -1, 1);
        var output = new double[weights.Length];
        double Loss()
        {
            embedding.Forward(output, ids);
            return output.Zip(weights, (a, b) => a * b).Sum();
        }

        Loss();
        embedding.Backward(weights, ids);
        GradientCheck.CheckParameters(store, Loss);
    }

    [Fact]
    public void OutOfRangeIdNamesTheIdAndPosition()
    {
        var embedding = new Embedding<float>(new ParameterStore<float>(), "", 4, 2);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => embedding.Forward(new float[4], [1, 7]));
        Assert.Contains("Token id 7 at position 1", error.Message);
    }
}
