using Recurrent.Audio;
using Recurrent.Tensors;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Audio;

public class FftTests
{
    [Theory]
    [Trait("Category", "Kernels")]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(512)]
    [InlineData(4096)]
    [InlineData(5)]
    [InlineData(400)]
    public void VectorsGiveTheSameBitsAsOneButterflyAtATime(int size)
    {
        var rng = new Rng((ulong)size + 17);
        var re = new double[size];
        var im = new double[size];
        rng.FillUniform<double>(re, -1, 1);
        rng.FillUniform<double>(im, -1, 1);
        var (scalarRe, scalarIm) = ((double[])re.Clone(), (double[])im.Clone());
        var fft = new Fft(size);

        fft.Forward(re, im, useVectors: true);
        fft.Forward(scalarRe, scalarIm, useVectors: false);

        // Exact: features, and training runs, must not depend on the vector width.
        Assert.Equal(scalarRe, re);
        Assert.Equal(scalarIm, im);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(256)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(12)]
    [InlineData(400)]
    public void MatchesTheDefinitionOfTheDft(int size)
    {
        var rng = new Rng((ulong)size);
        var re = new double[size];
        var im = new double[size];
        rng.FillUniform<double>(re, -1, 1);
        rng.FillUniform<double>(im, -1, 1);
        var expectedRe = new double[size];
        var expectedIm = new double[size];
        for (var k = 0; k < size; k++)
        {
            for (var n = 0; n < size; n++)
            {
                var angle = -2 * Math.PI * ((long)k * n % size) / size;
                expectedRe[k] += re[n] * Math.Cos(angle) - im[n] * Math.Sin(angle);
                expectedIm[k] += re[n] * Math.Sin(angle) + im[n] * Math.Cos(angle);
            }
        }

        new Fft(size).Forward(re, im);

        // Both sums are in double over at most 400 terms of size ≤ √2: rounding stays below 1e-12.
        TensorAssert.Close<double, double>("real", expectedRe, re, 1e-10, 0);
        TensorAssert.Close<double, double>("imaginary", expectedIm, im, 1e-10, 0);
    }

    [Fact]
    public void WrongLengthIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new Fft(8).Forward(new double[4], new double[4]));
        Assert.Contains("size 8", error.Message);
    }
}
