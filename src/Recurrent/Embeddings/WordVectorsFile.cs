using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Recurrent.IO;
using Recurrent.Text;

namespace Recurrent.Embeddings;

/// <summary>Reads and writes word vectors as word2vec text, word2vec binary or GloVe text (UTF-8 words).</summary>
public static class WordVectorsFile
{
    /// <summary>The format of a file: binary when its first 64 KiB are not valid text, else by whether line 1 is a "count dimension" header.</summary>
    public static WordVectorsFormat Detect(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[Math.Min(stream.Length, 1 << 16)];
        stream.ReadExactly(head);
        var newline = Array.IndexOf(head, (byte)'\n');
        var firstLine = Encoding.UTF8.GetString(head, 0, newline < 0 ? head.Length : newline).Trim();
        var header = firstLine.Split(' ');
        var hasHeader = header.Length == 2 && header.All(p => int.TryParse(p, CultureInfo.InvariantCulture, out _));
        if (!hasHeader) return WordVectorsFormat.GloveText;
        // A truncated multi-byte character at the end of the sample is not evidence of binary data.
        var sample = head.AsSpan(0, Math.Max(0, head.Length - 4));
        return sample.Contains((byte)0) || !System.Text.Unicode.Utf8.IsValid(sample) ? WordVectorsFormat.Word2VecBinary : WordVectorsFormat.Word2VecText;
    }

    public static WordVectors Read(string path, WordVectorsFormat? format = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such word-vectors file.");
        return (format ?? Detect(path)) == WordVectorsFormat.Word2VecBinary ? ReadBinary(path) : ReadText(path);
    }

    private static WordVectors ReadText(string path)
    {
        var text = Utf8Text.Decode(File.ReadAllBytes(path), path);
        var lines = text.Split('\n');
        var words = new List<string>();
        var values = new List<float>();
        var dimension = 0;
        var first = 0;
        var header = lines[0].Trim().Split(' ');
        if (header.Length == 2 && int.TryParse(header[1], CultureInfo.InvariantCulture, out var declared))
        {
            dimension = declared;
            first = 1;
        }
        for (var i = first; i < lines.Length; i++)
        {
            var parts = lines[i].TrimEnd('\r', ' ').Split(' ');
            if (parts.Length == 1 && parts[0].Length == 0) continue;
            if (dimension == 0) dimension = parts.Length - 1;
            if (parts.Length != dimension + 1)
                throw new InvalidDataException($"{path}: line {i + 1} has {parts.Length - 1} numbers; every vector has {dimension}.");
            words.Add(parts[0]);
            for (var d = 1; d <= dimension; d++)
            {
                if (!float.TryParse(parts[d], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    throw new InvalidDataException($"{path}: line {i + 1}: '{parts[d]}' is not a number.");
                values.Add(value);
            }
        }
        if (words.Count == 0 || dimension <= 0) throw new InvalidDataException($"{path}: no word vectors in the file.");
        return new WordVectors(words, [.. values], dimension);
    }

    private static WordVectors ReadBinary(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var position = Array.IndexOf(bytes, (byte)'\n');
        var header = position < 0 ? [] : Encoding.ASCII.GetString(bytes, 0, position).Trim().Split(' ');
        if (header.Length != 2 || !int.TryParse(header[0], CultureInfo.InvariantCulture, out var count) || !int.TryParse(header[1], CultureInfo.InvariantCulture, out var dimension) || count <= 0 || dimension <= 0)
            throw new InvalidDataException($"{path}: a word2vec binary file starts with a line \"count dimension\".");
        position++;
        var words = new List<string>(count);
        var values = new float[(long)count * dimension];
        for (var i = 0; i < count; i++)
        {
            while (position < bytes.Length && bytes[position] is (byte)'\n' or (byte)' ') position++;
            var end = Array.IndexOf(bytes, (byte)' ', position);
            if (end < 0 || end + 4L * dimension > bytes.Length)
                throw new InvalidDataException($"{path}: the file ends inside word {i + 1} of {count} (byte offset {position}).");
            words.Add(Utf8Text.Decode(bytes.AsSpan(position, end - position), $"{path} (word {i + 1})"));
            position = end + 1;
            for (var d = 0; d < dimension; d++, position += 4)
                values[(long)i * dimension + d] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(position, 4));
        }
        return new WordVectors(words, values, dimension);
    }

    /// <summary>Writes atomically in <paramref name="format"/>; text formats use the shortest round-tripping numbers.</summary>
    public static void Write(string path, WordVectors vectors, WordVectorsFormat format)
    {
        var output = new MemoryStream();
        if (format != WordVectorsFormat.GloveText)
            output.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{vectors.Count} {vectors.Dimension}\n")));
        Span<byte> number = stackalloc byte[4];
        for (var i = 0; i < vectors.Count; i++)
        {
            if (vectors.Words[i].Any(c => c is ' ' or '\n'))
                throw new ArgumentException($"The word '{vectors.Words[i]}' holds a space or line break, which word-vector files cannot store.");
            output.Write(Encoding.UTF8.GetBytes(vectors.Words[i]));
            var row = vectors[i];
            if (format == WordVectorsFormat.Word2VecBinary)
            {
                output.WriteByte((byte)' ');
                foreach (var value in row)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(number, value);
                    output.Write(number);
                }
                output.WriteByte((byte)'\n');
            }
            else
            {
                var line = new StringBuilder();
                foreach (var value in row) line.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture));
                line.Append('\n');
                output.Write(Encoding.UTF8.GetBytes(line.ToString()));
            }
        }
        AtomicFile.WriteAllBytes(path, output.GetBuffer().AsSpan(0, (int)output.Length));
    }

    /// <summary>Parses the CLI names: <c>word2vec</c> (text), <c>word2vec-binary</c>, <c>glove</c>.</summary>
    public static WordVectorsFormat ParseFormat(string name) => name switch
    {
        "word2vec" => WordVectorsFormat.Word2VecText,
        "word2vec-binary" => WordVectorsFormat.Word2VecBinary,
        "glove" => WordVectorsFormat.GloveText,
        _ => throw new ArgumentException($"Unknown word-vectors format '{name}': use word2vec, word2vec-binary or glove."),
    };
}
