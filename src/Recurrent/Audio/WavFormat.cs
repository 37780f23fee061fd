using System.Buffers.Binary;

namespace Recurrent.Audio;

/// <summary>The parts of a WAV fmt chunk that decoding needs, validated.</summary>
internal sealed record WavFormat(int Channels, int SampleRate, int BitsPerSample, int BlockAlign, bool IsFloat)
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>Names of common compressed format tags, so the refusal says what the file is.</summary>
    private static readonly Dictionary<int, string> CompressedNames = new()
    {
        [0x0002] = "Microsoft ADPCM",
        [0x0006] = "A-law",
        [0x0007] = "μ-law",
        [0x0011] = "IMA ADPCM",
        [0x0031] = "GSM 6.10",
        [0x0050] = "MPEG",
        [0x0055] = "MP3",
        [0x00FF] = "AAC",
    };

    public static WavFormat Parse(ReadOnlySpan<byte> chunk, string source)
    {
        if (chunk.Length < 16) throw new InvalidDataException($"{source}: the fmt chunk has {chunk.Length} bytes; at least 16 are needed.");
        int tag = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(chunk[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
        if (tag == FormatExtensible)
        {
            // WAVE_FORMAT_EXTENSIBLE: cbSize, valid bits, channel mask, then a GUID whose first two bytes are the real tag.
            if (chunk.Length < 40)
                throw new InvalidDataException($"{source}: WAVE_FORMAT_EXTENSIBLE fmt chunk has {chunk.Length} bytes; 40 are needed.");
            tag = BinaryPrimitives.ReadUInt16LittleEndian(chunk[24..]);
        }
        if (tag != FormatPcm && tag != FormatFloat)
        {
            var name = CompressedNames.TryGetValue(tag, out var known) ? known : "unknown";
            throw new InvalidDataException(
                $"{source}: compressed or unsupported WAV encoding (format 0x{tag:X4}, {name}); only PCM and 32/64-bit float are read. Convert it, e.g. sox IN -e signed -b 16 OUT.wav.");
        }
        var isFloat = tag == FormatFloat;
        var bitsOk = isFloat ? bits is 32 or 64 : bits is 8 or 16 or 24 or 32;
        if (!bitsOk)
            throw new InvalidDataException($"{source}: {bits}-bit {(isFloat ? "float" : "PCM")} samples are not supported ({(isFloat ? "32 or 64" : "8, 16, 24 or 32")} bits are).");
        if (channels == 0) throw new InvalidDataException($"{source}: the fmt chunk says 0 channels.");
        if (rate == 0 || rate > 1_000_000) throw new InvalidDataException($"{source}: invalid sample rate {rate} Hz.");
        if (blockAlign != channels * bits / 8)
            throw new InvalidDataException($"{source}: block align {blockAlign} does not match {channels} channels of {bits} bits.");
        return new WavFormat(channels, (int)rate, bits, blockAlign, isFloat);
    }
}
