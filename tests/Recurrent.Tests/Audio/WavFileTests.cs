using System.Buffers.Binary;
using Recurrent.Audio;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Audio;

public sealed class WavFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static float[] Sine(int count, double frequency, int rate, double amplitude = 0.8) =>
        Enumerable.Range(0, count).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / rate))).ToArray();

    [Theory]
    [InlineData(WavEncoding.Pcm8, 1.0 / 128)]
    [InlineData(WavEncoding.Pcm16, 1.0 / 32768)]
    [InlineData(WavEncoding.Pcm24, 1.0 / 8388608)]
    [InlineData(WavEncoding.Pcm32, 1e-7)]
    [InlineData(WavEncoding.Float32, 0)]
    public void WrittenFileReadsBackWithinOneQuantisationStep(WavEncoding encoding, double step)
    {
        var samples = Sine(1000, 440, 22050);
        var path = _directory.PathOf($"{encoding}.wav");
        WavFile.Write(path, samples, 22050, encoding);

        var clip = WavFile.Read(path);

        Assert.Equal(22050, clip.SampleRate);
        // Rounding to the nearest level is off by at most half a step (plus float32 rounding of the decoded value).
        TensorAssert.Close<float, float>("samples", samples, clip.Samples, step / 2 + 1e-7, 0);
    }

    [Fact]
    public void ChannelsAreMixedToMonoByTheirMean()
    {
        var left = Sine(400, 300, 8000, 0.6);
        var right = Sine(400, 1000, 8000, 0.3);
        var interleaved = left.Zip(right, (l, r) => new[] { l, r }).SelectMany(x => x).ToArray();
        var path = _directory.PathOf("stereo.wav");
        WavFile.Write(path, interleaved, 8000, WavEncoding.Float32, channels: 2);

        var clip = WavFile.Read(path);

        TensorAssert.Close<float, float>("mono", left.Zip(right, (l, r) => (l + r) / 2).ToArray(), clip.Samples, 1e-7, 0);
    }

    [Fact]
    public void WaveFormatExtensibleWithPcmSubformatReadsLikePlainPcm()
    {
        var samples = Sine(300, 500, 16000);
        var plain = WavFile.ToBytes(samples, 16000, WavEncoding.Pcm24);
        var data = plain.AsSpan(44).ToArray();
        var bytes = new List<byte>();
        bytes.AddRange("RIFF"u8.ToArray());
        bytes.AddRange(BitConverter.GetBytes(4 + 8 + 40 + 8 + data.Length));
        bytes.AddRange("WAVEfmt "u8.ToArray());
        bytes.AddRange(BitConverter.GetBytes(40));
        var fmt = new byte[40];
        plain.AsSpan(20, 16).CopyTo(fmt);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);  // cbSize
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(18), 24);  // valid bits
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(20), 4);    // channel mask: front centre
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), 1);    // subformat GUID starts with the PCM tag
        bytes.AddRange(fmt);
        bytes.AddRange("data"u8.ToArray());
        bytes.AddRange(BitConverter.GetBytes(data.Length));
        bytes.AddRange(data);

        var extensible = WavFile.Parse(bytes.ToArray(), "extensible.wav");

        Assert.Equal(WavFile.Parse(plain, "plain.wav").Samples, extensible.Samples);
    }

    [Fact]
    public void UnknownChunksWithOddSizesAreSkippedWithTheirPadByte()
    {
        var plain = WavFile.ToBytes(Sine(100, 200, 8000), 8000, WavEncoding.Pcm16);
        // RIFF header + fmt chunk, then a 3-byte LIST chunk (padded to 4), then the data chunk.
        var bytes = plain[..36].Concat("LIST"u8.ToArray()).Concat(BitConverter.GetBytes(3)).Concat(new byte[] { 1, 2, 3, 0 }).Concat(plain[36..]).ToArray();

        Assert.Equal(WavFile.Parse(plain, "a").Samples, WavFile.Parse(bytes, "b").Samples);
    }

    [Fact]
    public void ReadWithARateResamplesToThatRate()
    {
        var path = _directory.PathOf("8k.wav");
        WavFile.Write(path, Sine(8000, 100, 8000), 8000);

        var clip = WavFile.Read(path, 16000);

        Assert.Equal(16000, clip.SampleRate);
        Assert.Equal(16000, clip.Samples.Length);
        // A 100 Hz tone is far below both Nyquist rates, so it survives: compare mid-clip, away from the zero-padded edges.
        var expected = Sine(16000, 100, 16000);
        TensorAssert.Close<float, float>("tone", expected.AsSpan(1000, 14000), clip.Samples.AsSpan(1000, 14000), 0.01, 0);
    }

    public static TheoryData<string, Func<byte[], byte[]>, string> Malformed => new()
    {
        { "not RIFF", b => "JUNK"u8.ToArray().Concat(b[4..]).ToArray(), "not a WAV file" },
        { "big endian", b => "RIFX"u8.ToArray().Concat(b[4..]).ToArray(), "big-endian" },
        { "too short", b => b[..10], "not a WAV file" },
        { "ADPCM", b => Patch16(b, 20, 2), "compressed or unsupported WAV encoding (format 0x0002, Microsoft ADPCM)" },
        { "mu-law", b => Patch16(b, 20, 7), "μ-law" },
        { "12 bits", b => Patch16(b, 34, 12), "12-bit PCM samples are not supported" },
        { "no channels", b => Patch16(b, 22, 0), "0 channels" },
        { "bad block align", b => Patch16(b, 32, 3), "block align 3" },
        { "truncated data", b => b[..^7], "truncated: the data chunk declares 200 bytes but only 193 are present" },
        { "truncated header", b => b[..30], "truncated: the fmt chunk declares 16 bytes" },
        { "no data chunk", b => b[..36], "no data chunk" },
        { "odd data length", b => Patch32(b, 40, 199), "not a whole number of 2-byte frames" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedFilesGiveOneErrorNamingTheFileAndTheProblem(string fault, Func<byte[], byte[]> damage, string message)
    {
        var good = WavFile.ToBytes(Sine(100, 200, 8000), 8000, WavEncoding.Pcm16);
        var path = _directory.PathOf(fault.Replace(' ', '_') + ".wav");
        File.WriteAllBytes(path, damage(good));

        var error = Assert.Throws<InvalidDataException>(() => WavFile.Read(path));

        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var path = _directory.PathOf("absent.wav");
        var error = Assert.Throws<FileNotFoundException>(() => WavFile.Read(path));
        Assert.Equal($"{path}: no such file.", error.Message);
    }

    [Fact]
    public void WritingLeavesNoTemporaryFileBehind()
    {
        WavFile.Write(_directory.PathOf("out.wav"), Sine(10, 100, 8000), 8000);
        Assert.Equal(["out.wav"], Directory.GetFiles(_directory.FullName).Select(Path.GetFileName));
    }

    private static byte[] Patch16(byte[] bytes, int offset, ushort value)
    {
        var copy = bytes.ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    private static byte[] Patch32(byte[] bytes, int offset, uint value)
    {
        var copy = bytes.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }
}
