using Recurrent.Optim;

namespace Recurrent.Tests.Optim;

/// <summary>What every optimizer inherits from <see cref="Optimizer{T}"/>: argument checks and state restore.</summary>
public class OptimizerTests
{
    [Fact]
    public void StepWithWrongLengthsIsAnError()
    {
        var adam = new Adam<float>(4);
        var parameters = Assert.Throws<ArgumentException>(() => adam.Step(new float[3], new float[4]));
        Assert.Contains("3 parameters", parameters.Message);
        var gradients = Assert.Throws<ArgumentException>(() => adam.Step(new float[4], new float[5]));
        Assert.Contains("5 gradients", gradients.Message);
        Assert.Equal(0, adam.StepCount);
    }

    [Fact]
    public void NegativeOrNonFiniteLearningRateIsAnError()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<float>(4, -0.1));
        var sgd = new Sgd<float>(4, 0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.LearningRate = double.NaN);
    }

    [Fact]
    public void LearningRateSetBetweenStepsIsUsed()
    {
        var sgd = new Sgd<double>(1, 0.5);
        var parameters = new[] { 1.0 };
        sgd.Step(parameters, [1.0]);
        sgd.LearningRate = 0.25;
        sgd.Step(parameters, [1.0]);
        Assert.Equal(0.25, parameters[0]);
    }

    [Fact]
    public void RestoreWithMissingBufferNamesIt()
    {
        var adam = new Adam<float>(2);
        var error = Assert.Throws<ArgumentException>(() => adam.RestoreState(1, new Dictionary<string, float[]> { ["exp_avg"] = new float[2] }));
        Assert.Contains("exp_avg_sq", error.Message);
    }

    [Fact]
    public void RestoreWithUnknownBufferNamesIt()
    {
        var sgd = new Sgd<float>(2, 0.1, new SgdOptions { Momentum = 0.9 });
        var buffers = new Dictionary<string, float[]> { ["momentum_buffer"] = new float[2], ["exp_avg"] = new float[2] };
        var error = Assert.Throws<ArgumentException>(() => sgd.RestoreState(1, buffers));
        Assert.Contains("exp_avg", error.Message);
    }

    [Fact]
    public void RestoreWithWrongLengthIsAnErrorAndChangesNothing()
    {
        var adam = new Adam<float>(2);
        var buffers = new Dictionary<string, float[]> { ["exp_avg"] = [1f, 1f], ["exp_avg_sq"] = new float[3] };
        var error = Assert.Throws<ArgumentException>(() => adam.RestoreState(4, buffers));
        Assert.Contains("exp_avg_sq", error.Message);
        Assert.Equal(0, adam.StepCount);
        Assert.All(adam.StateBuffers[0].Values, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void RestoreWithNegativeStepCountIsAnError()
    {
        var sgd = new Sgd<float>(2, 0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.RestoreState(-1, new Dictionary<string, float[]>()));
    }

    [Fact]
    public void RestoreCopiesTheValues()
    {
        var adam = new Adam<double>(2);
        var saved = new Dictionary<string, double[]> { ["exp_avg"] = [1, 2], ["exp_avg_sq"] = [3, 4] };
        adam.RestoreState(7, saved);
        saved["exp_avg"][0] = 99;

        Assert.Equal(7, adam.StepCount);
        Assert.Equal([1.0, 2.0], adam.StateBuffers.Single(s => s.Name == "exp_avg").Values);
        Assert.Equal([3.0, 4.0], adam.StateBuffers.Single(s => s.Name == "exp_avg_sq").Values);
    }
}
