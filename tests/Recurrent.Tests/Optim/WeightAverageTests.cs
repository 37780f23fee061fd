using Recurrent.Optim;
using Recurrent.Tensors;

namespace Recurrent.Tests.Optim;

public sealed class WeightAverageTests
{
    /// <summary>Lengths around the vector widths, so every remainder of the vectorised interpolation runs.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(33)]
    [InlineData(100)]
    public void MeanOfEveryBufferGiven(int length)
    {
        var rng = new Rng((ulong)length + 1);
        var buffers = Enumerable.Range(0, 6).Select(_ =>
        {
            var b = new float[length];
            rng.FillUniform<float>(b, -3, 3);
            return b;
        }).ToArray();
        var average = new WeightAverage<float>(length);

        foreach (var b in buffers) average.Add(b);

        Assert.Equal(6, average.Count);
        for (var i = 0; i < length; i++)
        {
            var expected = buffers.Average(b => (double)b[i]);
            Assert.True(Math.Abs(average.Values[i] - expected) < 1e-6, $"element {i}: {average.Values[i]} against {expected}");
        }
    }

    [Fact]
    public void FirstBufferIsKeptExactly()
    {
        float[] weights = [0.1f, -7.3f, 1e-8f];
        var average = new WeightAverage<float>(3);

        average.Add(weights);

        Assert.Equal(weights, average.Values.ToArray());
    }

    [Fact]
    public void RestoredAverageGoesOnAsTheOriginal()
    {
        var original = new WeightAverage<double>(2);
        original.Add([1, 2]);
        original.Add([3, 6]);
        var restored = new WeightAverage<double>(2);
        restored.Restore(original.Count, original.Values);

        original.Add([8, -1]);
        restored.Add([8, -1]);

        Assert.Equal([4, 7.0 / 3], restored.Values.ToArray());
        Assert.Equal(original.Values.ToArray(), restored.Values.ToArray());
        Assert.Equal(3, restored.Count);
    }

    [Fact]
    public void BufferOfAnotherLengthIsRefused()
    {
        var average = new WeightAverage<float>(3);
        var error = Assert.Throws<ArgumentException>(() => average.Add(new float[4]));
        Assert.Contains("weights has 4 elements; the average holds 3.", error.Message);
    }
}
