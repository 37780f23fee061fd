using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Recurrent.IO;

namespace Recurrent.Training;

/// <summary>One evaluation: a line of <c>metrics.jsonl</c>.</summary>
/// <param name="TrainLoss">mean training loss of the steps since the previous evaluation</param>
/// <param name="ValLoss">mean validation loss, or null without validation data</param>
public sealed record TrainingMetrics(
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("epoch")] long Epoch,
    [property: JsonPropertyName("train_loss")] double TrainLoss,
    [property: JsonPropertyName("val_loss")] double? ValLoss,
    [property: JsonPropertyName("learning_rate")] double LearningRate,
    [property: JsonPropertyName("elapsed_s")] double ElapsedSeconds,
    [property: JsonPropertyName("items_per_s")] double ItemsPerSecond)
{
    /// <summary>Writes every record, one JSON object per line, atomically.</summary>
    public static void Save(string path, IEnumerable<TrainingMetrics> records)
    {
        var text = new StringBuilder();
        foreach (var record in records) text.Append(JsonSerializer.Serialize(record)).Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>The records of an earlier run up to and including <paramref name="lastStep"/> (a resumed checkpoint's step).</summary>
    public static List<TrainingMetrics> Load(string path, long lastStep)
    {
        if (!File.Exists(path)) return [];
        var records = new List<TrainingMetrics>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0) continue;
            try
            {
                var record = JsonSerializer.Deserialize<TrainingMetrics>(line) ?? throw new JsonException("null");
                if (record.Step <= lastStep) records.Add(record);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}: line {number} is not a metrics record ({e.Message})."));
            }
        }
        return records;
    }
}
