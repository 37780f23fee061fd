using System.Text;
using System.Text.Json.Nodes;
using Recurrent.IO;

namespace Recurrent.Training;

/// <summary>
/// A run's <c>metrics.jsonl</c>: one JSON object per line, each with a <c>step</c>. The whole file is rewritten
/// atomically on every write (it stays small), so a crash never leaves a half line; on resume, lines beyond the
/// checkpoint's step are dropped so the log matches what the resumed run will redo.
/// </summary>
public sealed class MetricsLog
{
    private readonly string _path;
    private readonly List<string> _lines = [];

    /// <param name="resumeStep">null starts a new log; a step keeps the existing lines up to it.</param>
    public MetricsLog(string path, int? resumeStep)
    {
        _path = path;
        if (resumeStep is not { } step || !File.Exists(path)) return;
        foreach (var line in File.ReadAllLines(path))
        {
            if (JsonNode.Parse(line) is JsonObject record && (int?)record["step"] <= step) _lines.Add(line);
        }
    }

    /// <summary>Every record so far.</summary>
    public IEnumerable<JsonObject> Records => _lines.Select(l => (JsonObject)JsonNode.Parse(l)!);

    public void Append(JsonObject record)
    {
        _lines.Add(record.ToJsonString());
        var text = new StringBuilder();
        foreach (var line in _lines) text.Append(line).Append('\n');
        AtomicFile.WriteAllText(_path, text.ToString());
    }
}
