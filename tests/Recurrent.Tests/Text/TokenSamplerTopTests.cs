using Recurrent.Tensors;
using Recurrent.Text;

namespace Recurrent.Tests.Text;

public class TokenSamplerTopTests
{
    // Probabilities 0.5, 0.25, 0.15, 0.1 at temperature 1.
    private static readonly double[] Logits = [Math.Log(0.5), Math.Log(0.25), Math.Log(0.15), Math.Log(0.1)];

    private static double[] Frequencies(int topK, double topP, double temperature = 1, int draws = 20_000)
    {
        var sampler = new TokenSampler(new Rng(11));
        var counts = new double[Logits.Length];
        for (var i = 0; i < draws; i++) counts[sampler.Sample<double>(Logits, temperature, topK, topP)]++;
        return counts.Select(c => c / draws).ToArray();
    }

    [Fact]
    public void TopKKeepsTheKMostLikelyAndRenormalises()
    {
        var f = Frequencies(topK: 2, topP: 1);
        Assert.Equal(0, f[2] + f[3]);
        Assert.InRange(f[0], 0.65, 0.685); // 0.5 / 0.75
    }

    [Fact]
    public void TopPKeepsTheSmallestSetReachingP()
    {
        // 0.5 + 0.25 = 0.75 ≥ 0.7: the first two; 0.5 < 0.7 alone.
        var f = Frequencies(topK: 0, topP: 0.7);
        Assert.Equal(0, f[2] + f[3]);
        Assert.InRange(f[1], 0.315, 0.35); // 0.25 / 0.75
        // 0.75 < 0.8, so the third is kept too.
        Assert.True(Frequencies(topK: 0, topP: 0.8)[2] > 0.1);
    }

    [Fact]
    public void TopKAndTopPTogetherApplyBoth()
    {
        var f = Frequencies(topK: 3, topP: 0.1);
        Assert.Equal(1.0, f[0]);
    }

    [Fact]
    public void LowTemperatureSharpensTheDistribution()
    {
        Assert.True(Frequencies(0, 1, temperature: 0.5)[0] > Frequencies(0, 1, temperature: 1)[0] + 0.1);
    }

    [Fact]
    public void BadSettingsAreRejected()
    {
        var sampler = new TokenSampler(new Rng(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Sample<double>(Logits, 1, topK: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Sample<double>(Logits, 1, topP: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Sample<double>(Logits, 1, topP: 1.5));
    }
}
