using Recurrent.Audio;
using Recurrent.Tensors;
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

    [Theory]
    [Trait("Category", "Kernels")]
    [InlineData(16000, 17120, 1000)]   // 100 → 107 phases: a speed perturbation's ratio
    [InlineData(16000, 15040, 999)]
    [InlineData(16000, 14400, 37)]     // 10 → 9: one vector and a remainder per input step
    [InlineData(44100, 16000, 4410)]   // 441 → 160
    [InlineData(8000, 16000, 3)]       // 1 → 2: fewer phases than a vector holds
    [InlineData(16000, 8000, 501)]     // 2 → 1
    public void VectorsGiveTheSameBitsAsOneOutputAtATime(int from, int to, int length)
    {
        var input = new float[length];
        new Rng((ulong)length).FillUniform<float>(input, -1, 1);
        var resampler = new Resampler(from, to);

        var vectors = resampler.Process(input, useVectors: true);
        var scalar = resampler.Process(input, useVectors: false);

        // Exact: each phase is summed over the same taps in the same order either way.
        Assert.Equal(scalar, vectors);
    }

    [Fact]
    public void SameRateIsACopy()
    {
        float[] input = [0.1f, -0.2f, 0.3f];
        Assert.Equal(input, new Resampler(16000, 16000).Process(input));
    }
}
