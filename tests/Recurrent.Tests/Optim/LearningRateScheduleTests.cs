using Recurrent.Optim;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Optim;

public class LearningRateScheduleTests
{
    /// <summary>PyTorch multiplies by γ step by step, this code uses γᵗ in closed form: they differ by a few ulps.</summary>
    private const double Tolerance = 1e-14;

    private const double BaseLearningRate = 0.1;

    [Theory]
    [InlineData("step_3_0.5")]
    [InlineData("exp_0.9")]
    [InlineData("constant")]
    public void MatchesPyTorchSchedulers(string fixtureCase)
    {
        var file = Fixtures.Load("optim/schedules.safetensors");
        Assert.Equal("0.1", file.Metadata["base_lr"]);
        var expected = file[fixtureCase].ToArray<double>();
        LearningRateSchedule schedule = fixtureCase switch
        {
            "step_3_0.5" => new StepDecaySchedule(3, 0.5),
            "exp_0.9" => new ExponentialDecaySchedule(0.9),
            _ => new ConstantSchedule(),
        };

        var actual = Enumerable.Range(0, expected.Length).Select(t => schedule.LearningRateAt(t, BaseLearningRate)).ToArray();

        TensorAssert.Close(fixtureCase, expected, actual, Tolerance, Tolerance);
    }

    [Theory]
    [InlineData("constant", typeof(ConstantSchedule))]
    [InlineData("step:1000:0.5", typeof(StepDecaySchedule))]
    [InlineData("exp:0.999", typeof(ExponentialDecaySchedule))]
    [InlineData(" EXP:0.999 ", typeof(ExponentialDecaySchedule))]
    public void ParsesTheCliForms(string text, Type expected)
    {
        Assert.IsType(expected, LearningRateSchedule.Parse(text));
    }

    [Fact]
    public void ParsedValuesAreKept()
    {
        Assert.Equal(new StepDecaySchedule(1000, 0.5), LearningRateSchedule.Parse("step:1000:0.5"));
        Assert.Equal(new ExponentialDecaySchedule(0.999), LearningRateSchedule.Parse("exp:0.999"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("cosine")]
    [InlineData("step:1000")]
    [InlineData("step:0:0.5")]
    [InlineData("step:ten:0.5")]
    [InlineData("exp:-1")]
    [InlineData("constant:1")]
    public void RejectsOtherTextWithTheValidForms(string text)
    {
        var error = Assert.Throws<FormatException>(() => LearningRateSchedule.Parse(text));
        Assert.Contains("step:STEP_SIZE:GAMMA", error.Message);
    }
}
