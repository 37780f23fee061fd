using Recurrent.Optim;

namespace Recurrent.Tests.Optim;

public class SgdTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("momentum")]
    [InlineData("dampening")]
    [InlineData("nesterov")]
    [InlineData("weight_decay")]
    public void MatchesPyTorch(string fixtureCase)
    {
        var options = Options(fixtureCase);
        OptimizerFixture.Replay<float>("sgd", fixtureCase, n => new Sgd<float>(n, 0.1, options));
        OptimizerFixture.Replay<double>("sgd", fixtureCase, n => new Sgd<double>(n, 0.1, options));
    }

    [Fact]
    public void ResumeFromStateIsExact()
    {
        OptimizerFixture.AssertResumeIsExact<float>(n => new Sgd<float>(n, 0.1, Options("dampening")));
        OptimizerFixture.AssertResumeIsExact<float>(n => new Sgd<float>(n, 0.1, Options("nesterov")));
    }

    [Fact]
    public void StateBuffersExistOnlyWithMomentum()
    {
        Assert.Empty(new Sgd<float>(3, 0.1).StateBuffers);
        Assert.Equal(["momentum_buffer"], new Sgd<float>(3, 0.1, Options("momentum")).StateBuffers.Select(s => s.Name));
    }

    [Fact]
    public void NesterovWithoutMomentumIsAnError()
    {
        Assert.Throws<ArgumentException>(() => new Sgd<float>(3, 0.1, new SgdOptions { Nesterov = true }));
        Assert.Throws<ArgumentException>(() => new Sgd<float>(3, 0.1, new SgdOptions { Nesterov = true, Momentum = 0.9, Dampening = 0.1 }));
    }

    [Fact]
    public void StepDoesNotAllocate()
    {
        var sgd = new Sgd<float>(64, 0.1, Options("weight_decay") with { Nesterov = true });
        var parameters = new float[64];
        var gradients = new float[64];
        sgd.Step(parameters, gradients);

        var before = GC.GetAllocatedBytesForCurrentThread();
        sgd.Step(parameters, gradients);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    /// <summary>The settings of each case in tools/reference/fixtures_optim.py (all with lr 0.1).</summary>
    private static SgdOptions Options(string fixtureCase) => fixtureCase switch
    {
        "plain" => new SgdOptions(),
        "momentum" => new SgdOptions { Momentum = 0.9 },
        "dampening" => new SgdOptions { Momentum = 0.9, Dampening = 0.3 },
        "nesterov" => new SgdOptions { Momentum = 0.9, Nesterov = true },
        "weight_decay" => new SgdOptions { Momentum = 0.9, WeightDecay = 0.1 },
        _ => throw new ArgumentOutOfRangeException(nameof(fixtureCase)),
    };
}
