using Recurrent.Audio;

namespace Recurrent.Tests.Audio;

public class RawPcmReaderTests
{
    /// <summary>A stream that hands out at most 3 bytes per read, as a pipe may.</summary>
    private sealed class TricklingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 3));
    }

    [Fact]
    public void ChunksAreFilledAcrossPartialReadsAndTheLastIsShort()
    {
        short[] values = [0, 16384, -32768, 32767, -1, 100, 200];
        var bytes = values.SelectMany(BitConverter.GetBytes).ToArray();
        var reader = new RawPcmReader(new TricklingStream(bytes), "stdin");
        var chunk = new float[4];

        Assert.Equal(4, reader.Read(chunk));
        Assert.Equal([0f, 0.5f, -1f, 32767 / 32768f], chunk);
        Assert.Equal(3, reader.Read(chunk));
        Assert.Equal([-1 / 32768f, 100 / 32768f, 200 / 32768f], chunk[..3]);
        Assert.Equal(0, reader.Read(chunk));
    }

    [Fact]
    public void HalfASampleAtTheEndIsAnErrorNamingTheSource()
    {
        var reader = new RawPcmReader(new MemoryStream([1, 0, 2]), "standard input");
        var chunk = new float[8];

        var error = Assert.Throws<InvalidDataException>(() => reader.Read(chunk));

        Assert.StartsWith("standard input: ", error.Message);
        Assert.Contains("half a sample", error.Message);
    }
}
