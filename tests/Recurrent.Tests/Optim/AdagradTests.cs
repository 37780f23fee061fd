using Recurrent.Optim;

namespace Recurrent.Tests.Optim;

public class AdagradTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("decay_accumulator")]
    public void MatchesPyTorch(string fixtureCase)
    {
        var options = Options(fixtureCase);
        OptimizerFixture.Replay<float>("adagrad", fixtureCase, n => new Adagrad<float>(n, 0.1, options));
        OptimizerFixture.Replay<double>("adagrad", fixtureCase, n => new Adagrad<double>(n, 0.1, options));
    }

    [Fact]
    public void ResumeFromStateIsExact()
    {
        // The learning-rate decay depends on the step count, so this also checks that the count is restored.
        OptimizerFixture.AssertResumeIsExact<float>(n => new Adagrad<float>(n, 0.1, Options("decay_accumulator")));
    }

    [Fact]
    public void AccumulatorStartsAtItsInitialValue()
    {
        var adagrad = new Adagrad<double>(3, 0.1, new AdagradOptions { InitialAccumulatorValue = 0.5 });
        Assert.Equal([0.5, 0.5, 0.5], adagrad.StateBuffers.Single(s => s.Name == "sum").Values);
    }

    [Fact]
    public void StepDoesNotAllocate()
    {
        var adagrad = new Adagrad<float>(64, 0.1, Options("decay_accumulator"));
        var parameters = new float[64];
        var gradients = new float[64];
        adagrad.Step(parameters, gradients);

        var before = GC.GetAllocatedBytesForCurrentThread();
        adagrad.Step(parameters, gradients);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    /// <summary>The settings of each case in tools/reference/fixtures_optim.py (all with lr 0.1).</summary>
    private static AdagradOptions Options(string fixtureCase) => fixtureCase switch
    {
        "default" => new AdagradOptions(),
        "decay_accumulator" => new AdagradOptions { LearningRateDecay = 0.1, WeightDecay = 0.1, InitialAccumulatorValue = 0.5 },
        _ => throw new ArgumentOutOfRangeException(nameof(fixtureCase)),
    };
}
