namespace Recurrent.Text;

/// <summary>How a corpus file is laid out.</summary>
public enum CorpusLayout
{
    /// <summary>The whole file is one running text, with no document boundaries (Tiny Shakespeare).</summary>
    Text,

    /// <summary>Each non-empty line is a document.</summary>
    Lines,

    /// <summary>Documents separated by lines holding only <c>%</c>, as in the <c>fortune</c> program's files.</summary>
    Fortune,

    /// <summary>CSV (RFC 4180) with a header row; each row's named column is a document.</summary>
    Csv,

    /// <summary>JSON Lines; each line's named string field is a document.</summary>
    JsonLines,
}

/// <summary>
/// A corpus layout and, for CSV and JSON Lines, the column or field holding the text. Written on the command line
/// as <c>text</c>, <c>lines</c>, <c>fortune</c>, <c>csv:COLUMN</c> or <c>jsonl:FIELD</c>.
/// </summary>
public sealed record CorpusFormat(CorpusLayout Layout, string? Field = null)
{
    /// <summary>True when the layout separates documents, so a model learns where one ends.</summary>
    public bool HasDocuments => Layout != CorpusLayout.Text;

    public static CorpusFormat Parse(string text)
    {
        var colon = text.IndexOf(':');
        var name = colon < 0 ? text : text[..colon];
        var field = colon < 0 ? null : text[(colon + 1)..];
        CorpusFormat format = name switch
        {
            "text" => new(CorpusLayout.Text),
            "lines" => new(CorpusLayout.Lines),
            "fortune" => new(CorpusLayout.Fortune),
            "csv" => new(CorpusLayout.Csv, field),
            "jsonl" => new(CorpusLayout.JsonLines, field),
            _ => throw new ArgumentException($"Unknown corpus format '{text}': use text, lines, fortune, csv:COLUMN or jsonl:FIELD."),
        };
        if (field is not null && format.Layout is not (CorpusLayout.Csv or CorpusLayout.JsonLines))
            throw new ArgumentException($"Corpus format '{name}' takes no column or field name.");
        if (field is "") throw new ArgumentException($"Corpus format '{text}' needs a name after the colon.");
        return format;
    }

    /// <summary>
    /// The format a file most likely has: by extension for CSV and JSON Lines (the column or field is then chosen
    /// by <see cref="CorpusReader"/>), fortune when a line holds only <c>%</c>, and running text otherwise: a
    /// file of one document per line must say so (<c>lines</c>), since prose also breaks its lines.
    /// </summary>
    public static CorpusFormat Guess(string path, string content)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".csv") return new(CorpusLayout.Csv);
        if (extension is ".jsonl" or ".ndjson") return new(CorpusLayout.JsonLines);
        var lines = content.Split('\n');
        if (lines.Any(line => line.TrimEnd('\r') == "%")) return new(CorpusLayout.Fortune);
        return new(CorpusLayout.Text);
    }

    public override string ToString() => Layout switch
    {
        CorpusLayout.Text => "text",
        CorpusLayout.Lines => "lines",
        CorpusLayout.Fortune => "fortune",
        CorpusLayout.Csv => Field is null ? "csv" : "csv:" + Field,
        _ => Field is null ? "jsonl" : "jsonl:" + Field,
    };
}
