using System.Text.Json;

namespace Recurrent.Text;

/// <summary>
/// Reads corpora: one or more files or folders (a folder's regular files, sorted by name, not recursing), each
/// strictly UTF-8, in one <see cref="CorpusFormat"/> or each in the format guessed from it.
/// </summary>
public static class CorpusReader
{
    public static Corpus Read(IReadOnlyList<string> paths, CorpusFormat? format = null)
    {
        if (paths.Count == 0) throw new ArgumentException("No corpus files given (--data).");
        var files = paths.SelectMany(path => Expand(path, format)).ToList();
        var documents = new List<string>();
        bool? hasDocuments = null;
        foreach (var file in files)
        {
            var text = Utf8Text.Decode(File.ReadAllBytes(file), file);
            var fileFormat = format ?? CorpusFormat.Guess(file, text);
            if (hasDocuments is { } known && known != fileFormat.HasDocuments)
                throw new InvalidDataException($"{file}: is read as {fileFormat}, but earlier files are {(known ? "documents" : "running text")}; give --format to read them all alike.");
            hasDocuments = fileFormat.HasDocuments;
            documents.AddRange(ReadDocuments(text, fileFormat, file));
        }
        if (documents.Count == 0 || documents.All(d => d.Length == 0))
            throw new InvalidDataException($"{string.Join(", ", paths)}: the corpus is empty (no text found).");
        return new Corpus(documents, hasDocuments!.Value, files);
    }

    /// <summary>The documents of one file's text.</summary>
    public static IEnumerable<string> ReadDocuments(string text, CorpusFormat format, string source) => format.Layout switch
    {
        CorpusLayout.Text => text.Length == 0 ? [] : [text.ReplaceLineEndings("\n")],
        CorpusLayout.Lines => text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0),
        CorpusLayout.Fortune => Fortunes(text),
        CorpusLayout.Csv => CsvTable.ReadColumn(text, format.Field, source).Select(d => d.ReplaceLineEndings("\n").Trim()).Where(d => d.Length > 0),
        _ => JsonLines(text, format.Field, source),
    };

    private static IEnumerable<string> Expand(string path, CorpusFormat? format)
    {
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path)) throw new FileNotFoundException($"{path}: no such file or folder.");
        // Symbolic links are skipped because Debian's fortune folder links every file a second time (name.u8),
        // and strfile's .dat indexes beside fortune files are binary.
        var files = new DirectoryInfo(path).EnumerateFiles()
            .Where(f => f.LinkTarget is null && !f.Name.StartsWith('.'))
            .Where(f => !(format?.Layout == CorpusLayout.Fortune && f.Extension == ".dat"))
            .Select(f => f.FullName)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new InvalidDataException($"{path}: the folder holds no files.");
        return files;
    }

    private static IEnumerable<string> Fortunes(string text)
    {
        var current = new List<string>();
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line == "%")
            {
                if (string.Join("\n", current).Trim() is { Length: > 0 } document) yield return document;
                current.Clear();
            }
            else
            {
                current.Add(line.TrimEnd());
            }
        }
        if (string.Join("\n", current).Trim() is { Length: > 0 } last) yield return last;
    }

    /// <summary>
    /// Each line's string field; without a field name, the first object decides: "text" when present, else its only
    /// string field.
    /// </summary>
    private static IEnumerable<string> JsonLines(string text, string? field, string source)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(lines[i]);
                root = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{source}: line {i + 1} is not valid JSON ({e.Message}).");
            }
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{source}: line {i + 1} is not a JSON object.");
            var name = field ??= GuessField(root, source, i + 1);
            if (!root.TryGetProperty(name, out var value))
                throw new InvalidDataException($"{source}: line {i + 1} has no field '{name}'.");
            if (value.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"{source}: line {i + 1}: field '{name}' is {value.ValueKind.ToString().ToLowerInvariant()}, not a string.");
            if (value.GetString()!.ReplaceLineEndings("\n").Trim() is { Length: > 0 } content) yield return content;
        }
    }

    private static string GuessField(JsonElement root, string source, int line)
    {
        if (root.TryGetProperty("text", out _)) return "text";
        var strings = root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => p.Name).ToList();
        return strings.Count == 1 ? strings[0]
            : throw new InvalidDataException($"{source}: line {line}: which field holds the text? Give --format jsonl:FIELD (fields: {string.Join(", ", root.EnumerateObject().Select(p => p.Name))}).");
    }
}
