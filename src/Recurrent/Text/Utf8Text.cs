using System.Buffers;
using System.Text.Unicode;

namespace Recurrent.Text;

/// <summary>Strict UTF-8 decoding: invalid bytes are an error naming the file and byte offset, never replaced.</summary>
public static class Utf8Text
{
    /// <summary>Decodes <paramref name="bytes"/>, dropping a byte-order mark; <paramref name="source"/> names the file in errors.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string source)
    {
        var offset = 0;
        if (bytes.StartsWith("\uFEFF"u8)) offset = 3;
        var body = bytes[offset..];
        // A NUL byte is valid UTF-8 but never appears in text, and is the cheapest sign of a binary file.
        var nul = body.IndexOf((byte)0);
        if (nul >= 0) throw new InvalidDataException($"{source}: not a text file (a zero byte at offset {offset + nul}).");
        var chars = new char[body.Length];
        var status = Utf8.ToUtf16(body, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
            throw new InvalidDataException($"{source}: invalid UTF-8 at byte offset {offset + read}; save the file as UTF-8.");
        return new string(chars, 0, written);
    }
}
