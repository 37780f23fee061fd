using Recurrent.Wake;

namespace Recurrent.Tests.Wake;

public class EvaluationConditionsTests
{
    [Theory]
    [InlineData(-20, 0.1)]
    [InlineData(-6, 0.501187)]
    [InlineData(0, 1.0)]
    [InlineData(6, 1.995262)]
    public void LevelScalesEverySample(double levelDb, double gain)
    {
        float[] samples = [0.25f, -0.1f, 0.01f, 0f, -0.3f];
        var scaled = samples.ToArray();

        new EvaluationConditions { LevelDb = levelDb }.ApplyLevel(scaled);

        for (var i = 0; i < samples.Length; i++) Assert.Equal(samples[i] * gain, scaled[i], 5);
    }

    [Fact]
    public void SamplesTurnedUpPastFullScaleClip()
    {
        float[] samples = [0.2f, -0.2f, 0.05f];

        new EvaluationConditions { LevelDb = 20 }.ApplyLevel(samples);

        Assert.Equal([1f, -1f, 0.5f], samples, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Theory]
    [InlineData(-61)]
    [InlineData(41)]
    [InlineData(double.NaN)]
    public void LevelOutsideItsRangeIsRejected(double levelDb) =>
        Assert.Contains("--level-db must be", Assert.Throws<ArgumentException>(() => new EvaluationConditions { LevelDb = levelDb }.Validate()).Message);

    [Fact]
    public void DescriptionNamesOnlyWhatDiffersFromTheBenchmark()
    {
        Assert.Equal("10 dB SNR", new EvaluationConditions().Describe());
        Assert.Equal("30 dB SNR, level −20 dB, 8 kHz channel", new EvaluationConditions { SnrDb = 30, LevelDb = -20, Narrowband = true }.Describe());
        Assert.Equal("10 dB SNR, level +6 dB", new EvaluationConditions { LevelDb = 6 }.Describe());
    }
}
