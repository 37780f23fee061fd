using Recurrent.Optim;

namespace Recurrent.Tests.Optim;

public class AdamTests
{
    [Theory]
    [InlineData("adam", "default")]
    [InlineData("adam", "weight_decay")]
    [InlineData("adam", "betas_eps")]
    [InlineData("adamw", "default")]
    [InlineData("adamw", "weight_decay")]
    public void MatchesPyTorch(string optimizer, string fixtureCase)
    {
        var options = Options(optimizer, fixtureCase);
        OptimizerFixture.Replay<float>(optimizer, fixtureCase, n => new Adam<float>(n, 0.01, options));
        OptimizerFixture.Replay<double>(optimizer, fixtureCase, n => new Adam<double>(n, 0.01, options));
    }

    [Fact]
    public void ResumeFromStateIsExact()
    {
        OptimizerFixture.AssertResumeIsExact<float>(n => new Adam<float>(n, 0.01, Options("adam", "weight_decay")));
        OptimizerFixture.AssertResumeIsExact<float>(n => new Adam<float>(n, 0.01, AdamOptions.AdamW));
    }

    [Fact]
    public void DefaultsArePyTorchs()
    {
        var adam = new Adam<float>(3);
        Assert.Equal(1e-3, adam.LearningRate);
        Assert.Equal(new AdamOptions { Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8, WeightDecay = 0, DecoupledWeightDecay = false }, adam.Options);
        Assert.Equal(["exp_avg", "exp_avg_sq"], adam.StateBuffers.Select(s => s.Name));
    }

    [Fact]
    public void BetaOfOneIsAnError()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<float>(3, 0.01, new AdamOptions { Beta2 = 1.0 }));
    }

    [Fact]
    public void StepDoesNotAllocate()
    {
        var adam = new Adam<float>(64, 0.01, new AdamOptions { WeightDecay = 0.1 });
        var parameters = new float[64];
        var gradients = new float[64];
        adam.Step(parameters, gradients);

        var before = GC.GetAllocatedBytesForCurrentThread();
        adam.Step(parameters, gradients);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    /// <summary>The settings of each case in tools/reference/fixtures_optim.py (all with lr 0.01).</summary>
    private static AdamOptions Options(string optimizer, string fixtureCase) => (optimizer, fixtureCase) switch
    {
        ("adam", "default") => new AdamOptions(),
        ("adam", "weight_decay") => new AdamOptions { WeightDecay = 0.1 },
        ("adam", "betas_eps") => new AdamOptions { Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1e-6 },
        ("adamw", "default") => AdamOptions.AdamW,
        ("adamw", "weight_decay") => AdamOptions.AdamW with { WeightDecay = 0.1 },
        _ => throw new ArgumentOutOfRangeException(nameof(fixtureCase)),
    };
}
