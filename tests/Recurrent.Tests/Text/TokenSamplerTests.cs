using Recurrent.Tensors;
using Recurrent.Text;

namespace Recurrent.Tests.Text;

public class TokenSamplerTests
{
    [Fact]
    public void TemperatureZeroIsGreedy()
    {
        var sampler = new TokenSampler(new Rng(1));
        Assert.Equal(2, sampler.Sample<float>([0.1f, -3f, 5f, 4.9f], 0));
    }

    [Fact]
    public void FrequenciesFollowTheSoftmax()
    {
        var sampler = new TokenSampler(new Rng(2));
        float[] logits = [0, MathF.Log(3)]; // probabilities 1/4 and 3/4
        var ones = Enumerable.Range(0, 20_000).Count(_ => sampler.Sample<float>(logits, 1) == 1);
        Assert.InRange(ones / 20_000.0, 0.74, 0.76);
    }

    [Fact]
    public void HugeLogitsDoNotOverflow()
    {
        var sampler = new TokenSampler(new Rng(3));
        Assert.Equal(1, sampler.Sample<double>([1e300, 1e308], 1));
    }

    [Fact]
    public void SameSeedSameDraws()
    {
        int[] Draw()
        {
            var sampler = new TokenSampler(new Rng(4));
            return Enumerable.Range(0, 50).Select(_ => sampler.Sample<float>([1f, 2f, 3f], 0.8)).ToArray();
        }
        Assert.Equal(Draw(), Draw());
    }
}
