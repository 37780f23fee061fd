using Recurrent.Optim;

namespace Recurrent.Tests.Optim;

public class OptimizerFactoryTests
{
    [Theory]
    [InlineData("sgd", typeof(Sgd<float>))]
    [InlineData("adam", typeof(Adam<float>))]
    [InlineData("adamw", typeof(Adam<float>))]
    [InlineData("RMSprop", typeof(RmsProp<float>))]
    [InlineData("adagrad", typeof(Adagrad<float>))]
    public void CreatesEveryNamedOptimizer(string name, Type expected)
    {
        var optimizer = OptimizerFactory.Create<float>(name, 10, 0.05);
        Assert.IsType(expected, optimizer);
        Assert.Equal(10, optimizer.ParameterCount);
        Assert.Equal(0.05, optimizer.LearningRate);
    }

    [Fact]
    public void AdamWHasDecoupledWeightDecayOfOneHundredth()
    {
        var adamW = Assert.IsType<Adam<double>>(OptimizerFactory.Create<double>("adamw", 3, 1e-3));
        Assert.True(adamW.Options.DecoupledWeightDecay);
        Assert.Equal(1e-2, adamW.Options.WeightDecay);
    }

    [Fact]
    public void UnknownNameListsTheValidOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => OptimizerFactory.Create<float>("lamb", 3, 0.1));
        Assert.Contains("'lamb'", error.Message);
        Assert.Contains("sgd, adam, adamw, rmsprop, adagrad", error.Message);
    }
}
