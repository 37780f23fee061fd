using Recurrent.Audio;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Audio;

public class ResamplerTests
{
    [Theory]
    [InlineData(8000)]
    [InlineData(22050)]
    [InlineData(48000)]
    public void MatchesTorchaudioResample(int sourceRate)
    {
        var file = Fixtures.Load("audio/resample.safetensors");
        var input = file[$"resample_{sourceRate}.input"].ToArray<float>();

        var actual = new Resampler(sourceRate, 16000).Process(input);

        // torchaudio ran in double; both sides are rounded to float32 once, well inside 1e-5.
        TensorAssert.Close<float, float>($"resample_{sourceRate}", file[$"resample_{sourceRate}.output"].ToArray<float>(), actual, 1e-5, 1e-5);
    }

    [Fact]
    public void SameRateIsACopy()
    {
        float[] input = [0.1f, -0.2f, 0.3f];
        Assert.Equal(input, new Resampler(16000, 16000).Process(input));
    }
}
