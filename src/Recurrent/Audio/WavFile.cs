using System.Buffers.Binary;
using System.Text;
using Recurrent.IO;

namespace Recurrent.Audio;

/// <summary>
/// Reads and writes RIFF/WAVE files: PCM at 8, 16, 24 or 32 bits, IEEE float at 32 or 64 bits, plain or
/// WAVE_FORMAT_EXTENSIBLE, any channel count (mixed to mono by averaging) and any sample rate.
/// </summary>
/// <remarks>
/// Every fault is an <see cref="InvalidDataException"/> that names the file and the problem: recordings come from
/// users, phones and editors, and a bad one must be explained, never loaded as noise. Compressed formats (ADPCM,
/// μ-law, MP3 in WAV, …) are refused with the format's code rather than decoded.
/// </remarks>
public static class WavFile
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;

    /// <summary>Streaming writers that cannot seek back leave this size in the data chunk: "until the end".</summary>
    private const uint UnknownSize = 0xFFFFFFFF;

    public static AudioClip Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{path}: no such file.", path);
        }
        return Parse(bytes, path);
    }

    /// <summary>Reads a file and resamples it to <paramref name="sampleRate"/>.</summary>
    public static AudioClip Read(string path, int sampleRate) => Read(path).ResampledTo(sampleRate);

    /// <param name="source">Names the bytes in error messages (the file's path).</param>
    public static AudioClip Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8))
        {
            var what = bytes.Length >= 4 && bytes[..4].SequenceEqual("RIFX"u8) ? "a big-endian (RIFX) WAV file, which is not supported" : "not a WAV file (no RIFF/WAVE header)";
            throw new InvalidDataException($"{source}: {what}.");
        }
        WavFormat? format = null;
        var position = 12;
        while (position + 8 <= bytes.Length)
        {
            var id = Encoding.ASCII.GetString(bytes.Slice(position, 4));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(position + 4)..]);
            var body = position + 8;
            if (id == "fmt ")
            {
                if (size > (uint)(bytes.Length - body))
                    throw new InvalidDataException($"{source}: truncated: the fmt chunk declares {size} bytes but only {bytes.Length - body} remain.");
                format = WavFormat.Parse(bytes.Slice(body, (int)size), source);
            }
            else if (id == "data")
            {
                if (format is null) throw new InvalidDataException($"{source}: the data chunk comes before any fmt chunk.");
                var available = bytes.Length - body;
                if (size != UnknownSize && size > (uint)available)
                    throw new InvalidDataException($"{source}: truncated: the data chunk declares {size} bytes but only {available} are present.");
                var length = size == UnknownSize ? available - available % format.BlockAlign : (int)size;
                if (length % format.BlockAlign != 0)
                    throw new InvalidDataException($"{source}: truncated: the data chunk has {length} bytes, not a whole number of {format.BlockAlign}-byte frames.");
                return new AudioClip(Decode(bytes.Slice(body, length), format), format.SampleRate);
            }
            // Chunks are padded to an even size.
            position = (int)Math.Min(bytes.Length, (long)body + size + (size & 1));
        }
        throw new InvalidDataException(format is null
            ? $"{source}: no fmt chunk, so the audio format is unknown (truncated or not a WAV file)."
            : $"{source}: no data chunk (truncated?).");
    }

    /// <summary>Mixes every frame to mono: the mean of its channels, each scaled to [−1, 1].</summary>
    private static float[] Decode(ReadOnlySpan<byte> data, WavFormat format)
    {
        var frames = data.Length / format.BlockAlign;
        var bytesPerSample = format.BitsPerSample / 8;
        var samples = new float[frames];
        var scale = 1.0 / format.Channels;
        for (var frame = 0; frame < frames; frame++)
        {
            var sum = 0.0;
            for (var channel = 0; channel < format.Channels; channel++)
                sum += DecodeSample(data.Slice(frame * format.BlockAlign + channel * bytesPerSample, bytesPerSample), format.IsFloat);
            samples[frame] = (float)(sum * scale);
        }
        return samples;
    }

    private static double DecodeSample(ReadOnlySpan<byte> sample, bool isFloat) => (sample.Length, isFloat) switch
    {
        (4, true) => BinaryPrimitives.ReadSingleLittleEndian(sample),
        (8, true) => BinaryPrimitives.ReadDoubleLittleEndian(sample),
        (1, _) => (sample[0] - 128) / 128.0,
        (2, _) => BinaryPrimitives.ReadInt16LittleEndian(sample) / 32768.0,
        // Sign-extend the 24-bit value by placing it in the top of an int and shifting back.
        (3, _) => ((sample[0] << 8 | sample[1] << 16 | sample[2] << 24) >> 8) / 8388608.0,
        _ => BinaryPrimitives.ReadInt32LittleEndian(sample) / 2147483648.0,
    };

    /// <summary>Writes interleaved samples atomically (temporary file, then rename).</summary>
    /// <param name="samples">(N, channels) interleaved, in [−1, 1]; integer encodings clamp and round</param>
    public static void Write(string path, ReadOnlySpan<float> samples, int sampleRate, WavEncoding encoding = WavEncoding.Pcm16, int channels = 1) =>
        AtomicFile.WriteAllBytes(path, ToBytes(samples, sampleRate, encoding, channels));

    public static void Write(string path, AudioClip clip, WavEncoding encoding = WavEncoding.Pcm16) =>
        Write(path, clip.Samples, clip.SampleRate, encoding);

    /// <summary>The whole file as bytes: RIFF header, a 16-byte fmt chunk and the data chunk.</summary>
    public static byte[] ToBytes(ReadOnlySpan<float> samples, int sampleRate, WavEncoding encoding, int channels = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (samples.Length % channels != 0)
            throw new ArgumentException($"{samples.Length} samples do not divide into {channels} channels.", nameof(samples));
        var bytesPerSample = encoding switch
        {
            WavEncoding.Pcm8 => 1,
            WavEncoding.Pcm16 => 2,
            WavEncoding.Pcm24 => 3,
            WavEncoding.Pcm32 or WavEncoding.Float32 => 4,
            _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
        };
        var dataLength = samples.Length * bytesPerSample;
        var bytes = new byte[44 + dataLength + (dataLength & 1)];
        "RIFF"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        "WAVEfmt "u8.CopyTo(bytes.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(20), encoding == WavEncoding.Float32 ? FormatFloat : FormatPcm);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(22), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), (uint)(sampleRate * channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(32), (ushort)(channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(34), (ushort)(8 * bytesPerSample));
        "data"u8.CopyTo(bytes.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), (uint)dataLength);
        var data = bytes.AsSpan(44);
        for (var i = 0; i < samples.Length; i++)
        {
            var x = Math.Clamp((double)samples[i], -1.0, 1.0);
            var at = data[(i * bytesPerSample)..];
            switch (encoding)
            {
                case WavEncoding.Float32: BinaryPrimitives.WriteSingleLittleEndian(at, samples[i]); break;
                case WavEncoding.Pcm8: at[0] = (byte)Math.Clamp(Math.Round(x * 128) + 128, 0, 255); break;
                case WavEncoding.Pcm16: BinaryPrimitives.WriteInt16LittleEndian(at, (short)Math.Clamp(Math.Round(x * 32768), short.MinValue, short.MaxValue)); break;
                case WavEncoding.Pcm24:
                    var v = (int)Math.Clamp(Math.Round(x * 8388608), -8388608, 8388607);
                    at[0] = (byte)v;
                    at[1] = (byte)(v >> 8);
                    at[2] = (byte)(v >> 16);
                    break;
                default: BinaryPrimitives.WriteInt32LittleEndian(at, (int)Math.Clamp(Math.Round(x * 2147483648.0), int.MinValue, int.MaxValue)); break;
            }
        }
        return bytes;
    }
}
