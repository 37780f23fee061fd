using Recurrent.Audio;

namespace Recurrent.Tests.Audio;

public class TimeStretchTests
{
    private const int Rate = 16000;
    private const int Frame = Rate / 40;

    [Theory]
    [InlineData(0.8)]
    [InlineData(1.0)]
    [InlineData(1.25)]
    public void LengthChangesByTheRatio(double ratio)
    {
        var input = new float[Rate / 2 + 3];

        Assert.Equal((int)(input.Length * ratio), TimeStretch.Apply(input, ratio, Rate).Length);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(1.1)]
    public void AConstantStaysConstantWhereFramesOverlap(double ratio)
    {
        var input = Enumerable.Repeat(0.25f, Rate / 4).ToArray();

        var output = TimeStretch.Apply(input, ratio, Rate);

        // The summed windows are divided out; only the first and last frame, whose windows sum to nearly nothing at
        // their outer edges, are left out.
        foreach (var sample in output.AsSpan(Frame, output.Length - 2 * Frame))
            Assert.Equal(0.25, sample, 1e-6);
    }

    [Fact]
    public void ANonPositiveRatioIsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TimeStretch.Apply(new float[100], 0, Rate));
        Assert.Contains("positive", error.Message);
    }
}
