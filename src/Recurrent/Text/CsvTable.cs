using System.Text;

namespace Recurrent.Text;

/// <summary>
/// Reads CSV as RFC 4180 defines it: fields separated by commas, records by CRLF or LF; a field in double quotes
/// may hold commas, line breaks and doubled quotes (<c>""</c> for one <c>"</c>). The first record is the header.
/// </summary>
public static class CsvTable
{
    /// <summary>Header names that hold the text when no column is named, tried in this order.</summary>
    private static readonly string[] TextColumnNames = ["text", "joke", "body", "content", "sentence"];

    /// <summary>
    /// The values of column <paramref name="column"/> in every record after the header. Without a name, the first
    /// column called text, joke, body, content or sentence (any case) is taken, or else the last column.
    /// </summary>
    /// <param name="source">names the file in errors</param>
    public static List<string> ReadColumn(string text, string? column, string source)
    {
        var records = Parse(text, source);
        if (records.Count == 0) throw new InvalidDataException($"{source}: the CSV file is empty (no header row).");
        var header = records[0];
        column ??= TextColumnNames.Select(name => header.Find(h => h.Equals(name, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(h => h is not null)
            ?? header[^1];
        var index = header.IndexOf(column);
        if (index < 0)
            throw new InvalidDataException($"{source}: no column '{column}'; the header has {string.Join(", ", header.Select(h => $"'{h}'"))}.");
        var values = new List<string>(records.Count - 1);
        for (var r = 1; r < records.Count; r++)
        {
            var record = records[r];
            if (record.Count == 1 && record[0].Length == 0) continue; // a blank line
            if (index >= record.Count)
                throw new InvalidDataException($"{source}: record {r + 1} has {record.Count} fields; column '{column}' is field {index + 1}.");
            values.Add(record[index]);
        }
        return values;
    }

    /// <summary>Splits <paramref name="text"/> into records of fields.</summary>
    public static List<List<string>> Parse(string text, string source)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"' && field.Length == 0)
            {
                var openedOn = line;
                i++;
                while (true)
                {
                    if (i >= text.Length) throw new InvalidDataException($"{source}: line {openedOn}: a quoted field is never closed.");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (text[i] == '\n') line++;
                    field.Append(text[i++]);
                }
                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    throw new InvalidDataException($"{source}: line {line}: text after a closing quote; a quote inside a quoted field is written twice (\"\").");
                continue;
            }
            switch (c)
            {
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    i++;
                    break;
                case '\n':
                    record.Add(field.ToString());
                    field.Clear();
                    records.Add(record);
                    record = [];
                    line++;
                    i++;
                    break;
                default:
                    field.Append(c);
                    i++;
                    break;
            }
        }
        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }
        return records;
    }
}
