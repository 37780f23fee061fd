using System.Buffers.Binary;

namespace Recurrent.Audio;

/// <summary>
/// Reads headerless 16-bit little-endian mono PCM (what <c>arecord -f S16_LE -c 1</c> or
/// <c>sox … -t raw -e signed -b 16 -c 1 -</c> write) from a stream, a chunk at a time.
/// </summary>
/// <param name="source">Names the stream in error messages ("standard input").</param>
public sealed class RawPcmReader(Stream stream, string source)
{
    private byte[] _bytes = [];

    /// <summary>
    /// Fills <paramref name="destination"/> with samples in [−1, 1] and returns how many were read: fewer than asked
    /// only at the end of the stream, and 0 after it. Pipes deliver partial reads, so this reads until the chunk is
    /// full or the stream ends. A stream ending in half a sample is an error naming the source.
    /// </summary>
    public int Read(Span<float> destination)
    {
        if (_bytes.Length < 2 * destination.Length) _bytes = new byte[2 * destination.Length];
        var wanted = 2 * destination.Length;
        var filled = 0;
        while (filled < wanted)
        {
            var read = stream.Read(_bytes, filled, wanted - filled);
            if (read == 0) break;
            filled += read;
        }
        // The loop stops early only at the end of the stream, and a full chunk is even, so an odd count is a cut sample.
        if (filled % 2 == 1)
            throw new InvalidDataException($"{source}: the raw 16-bit PCM stream ends with half a sample (an odd number of bytes).");
        var samples = filled / 2;
        for (var i = 0; i < samples; i++) destination[i] = BinaryPrimitives.ReadInt16LittleEndian(_bytes.AsSpan(2 * i)) / 32768f;
        return samples;
    }
}
