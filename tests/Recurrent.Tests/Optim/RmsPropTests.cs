using Recurrent.Optim;

namespace Recurrent.Tests.Optim;

public class RmsPropTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("momentum")]
    [InlineData("centered")]
    [InlineData("centered_momentum_decay")]
    public void MatchesPyTorch(string fixtureCase)
    {
        var options = Options(fixtureCase);
        OptimizerFixture.Replay<float>("rmsprop", fixtureCase, n => new RmsProp<float>(n, 0.01, options));
        OptimizerFixture.Replay<double>("rmsprop", fixtureCase, n => new RmsProp<double>(n, 0.01, options));
    }

    [Fact]
    public void ResumeFromStateIsExact()
    {
        OptimizerFixture.AssertResumeIsExact<float>(n => new RmsProp<float>(n, 0.01, Options("centered_momentum_decay")));
    }

    [Fact]
    public void StateBuffersFollowTheOptions()
    {
        Assert.Equal(["square_avg"], new RmsProp<float>(3).StateBuffers.Select(s => s.Name));
        Assert.Equal(["square_avg", "momentum_buffer", "grad_avg"],
            new RmsProp<float>(3, 0.01, Options("centered_momentum_decay")).StateBuffers.Select(s => s.Name));
    }

    [Fact]
    public void StepDoesNotAllocate()
    {
        var rmsProp = new RmsProp<float>(64, 0.01, Options("centered_momentum_decay"));
        var parameters = new float[64];
        var gradients = new float[64];
        rmsProp.Step(parameters, gradients);

        var before = GC.GetAllocatedBytesForCurrentThread();
        rmsProp.Step(parameters, gradients);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    /// <summary>The settings of each case in tools/reference/fixtures_optim.py (all with lr 0.01).</summary>
    private static RmsPropOptions Options(string fixtureCase) => fixtureCase switch
    {
        "default" => new RmsPropOptions(),
        "momentum" => new RmsPropOptions { Momentum = 0.9 },
        "centered" => new RmsPropOptions { Centered = true },
        "centered_momentum_decay" => new RmsPropOptions { Alpha = 0.9, Momentum = 0.5, Centered = true, WeightDecay = 0.1 },
        _ => throw new ArgumentOutOfRangeException(nameof(fixtureCase)),
    };
}
