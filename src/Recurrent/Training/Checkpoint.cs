using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.IO;
using Recurrent.Models;

namespace Recurrent.Training;

/// <summary>
/// A training checkpoint: the model file plus everything needed to continue exactly as if training had never
/// stopped — optimizer buffers and step count, the data position, the carried hidden state, and the random
/// generator's state — so that N steps, then save, resume and M steps, are bit-identical to N + M steps.
/// </summary>
/// <remarks>
/// Extra tensors are prefixed <c>optimizer.</c> and <c>training.</c>, and the counters are JSON under the metadata
/// key <c>checkpoint</c>; a checkpoint therefore also loads anywhere a model file does.
/// </remarks>
public static class Checkpoint
{
    public const string MetadataKey = "checkpoint";

    /// <summary>Metadata key for the state of the run around the trainer (best validation loss, early stopping).</summary>
    public const string RunMetadataKey = "run";
    private const int FormatVersion = 1;

    /// <param name="run">the state of the loop driving the trainer, stored as JSON under <see cref="RunMetadataKey"/></param>
    public static void Save<T>(Trainer<T> trainer, string path, JsonObject? run = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = trainer.Model;
        var writer = ModelFile.CreateWriter(model);
        var count = model.Parameters.Count;
        foreach (var (name, values) in trainer.Optimizer.StateBuffers)
            writer.AddFloat<T>("optimizer." + name, values, values.Length);
        writer.AddUInt64("training.rng", model.Rng.State, 4);
        var stateShape = new[] { model.Recurrent.NumLayers * model.Recurrent.Directions, trainer.Data.Batch, model.Recurrent.HiddenSize };
        writer.AddFloat<T>("training.hidden", trainer.CarriedHidden, stateShape);
        if (trainer.CarriedCell.Length > 0) writer.AddFloat<T>("training.cell", trainer.CarriedCell, stateShape);
        var options = trainer.Options;
        var state = new JsonObject
        {
            ["format_version"] = FormatVersion,
            ["step"] = trainer.Step,
            ["optimizer_step"] = trainer.Optimizer.StepCount,
            ["data_position"] = trainer.Data.Position,
            ["seq_len"] = trainer.Data.Steps,
            ["batch"] = trainer.Data.Batch,
            ["parameters"] = count,
            ["options"] = JsonSerializer.SerializeToNode(options, JsonOptions),
        };
        writer.AddMetadata(MetadataKey, state.ToJsonString());
        if (run is not null) writer.AddMetadata(RunMetadataKey, run.ToJsonString());
        writer.Save(path);
    }

    /// <summary>The sequence length and batch a checkpoint was trained with, which its data must be set up for to resume.</summary>
    public static (int Steps, int Batch) ReadBatchShape(string path)
    {
        var file = SafeTensorsFile.Read(path);
        if (!file.Metadata.TryGetValue(MetadataKey, out var json))
            throw new InvalidDataException($"{path}: not a checkpoint (no '{MetadataKey}' metadata); it can be used as a model, not resumed.");
        try
        {
            var state = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("not an object");
            return (Read<int>(state, "seq_len", path), Read<int>(state, "batch", path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the checkpoint metadata is damaged ({e.Message}).");
        }
    }

    /// <summary>The run state saved with a checkpoint, or null when there is none.</summary>
    public static JsonObject? ReadRunState(string path)
    {
        var file = SafeTensorsFile.Read(path);
        if (!file.Metadata.TryGetValue(RunMetadataKey, out var json)) return null;
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("not an object");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: the checkpoint's run state is damaged ({e.Message}).");
        }
    }

    /// <summary>
    /// Rebuilds the trainer a checkpoint was saved from, over <paramref name="data"/> (the same data, whose
    /// position is restored). Options come from the checkpoint.
    /// </summary>
    public static Trainer<T> Resume<T>(string path, ITokenBatchSource data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var file = SafeTensorsFile.Read(path);
        if (!file.Metadata.TryGetValue(MetadataKey, out var json))
            throw new InvalidDataException($"{path}: not a checkpoint (no '{MetadataKey}' metadata); it can be used as a model, not resumed.");
        JsonObject state;
        TrainerOptions options;
        try
        {
            state = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("not an object");
            options = state["options"].Deserialize<TrainerOptions>(JsonOptions) ?? throw new InvalidDataException("no options");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: the checkpoint metadata is damaged ({e.Message}).");
        }
        var version = Read<int>(state, "format_version", path);
        if (version != FormatVersion)
            throw new InvalidDataException($"{path}: checkpoint format_version {version}; this version of Recurrent reads {FormatVersion}.");
        var steps = Read<int>(state, "seq_len", path);
        var batch = Read<int>(state, "batch", path);
        if (steps != data.Steps || batch != data.Batch)
            throw new RecurrentException($"{path}: the checkpoint was trained with sequence length {steps} and batch {batch}; the data is set up for {data.Steps} and {data.Batch}.");

        var model = ModelFile.Load<T>(file);
        var trainer = new Trainer<T>(model, data, options);
        var buffers = trainer.Optimizer.StateBuffers.ToDictionary(
            b => b.Name, b => file["optimizer." + b.Name].ToArray<T>());
        trainer.Optimizer.RestoreState(Read<long>(state, "optimizer_step", path), buffers);
        model.Rng.Restore(file["training.rng"].ToUInt64Array());
        CopyExact(file["training.hidden"], trainer.CarriedHidden, path);
        if (trainer.CarriedCell.Length > 0) CopyExact(file["training.cell"], trainer.CarriedCell, path);
        data.Position = Read<long>(state, "data_position", path);
        trainer.RestoreStep(Read<long>(state, "step", path));
        return trainer;
    }

    private static void CopyExact<T>(SafeTensor tensor, T[] destination, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (tensor.ElementCount != destination.Length)
            throw new InvalidDataException($"{path}: '{tensor.Name}' has shape {tensor.ShapeText}, which does not fit this model and batch.");
        tensor.CopyTo<T>(destination);
    }

    private static TValue Read<TValue>(JsonObject state, string key, string path)
    {
        try
        {
            return state[key] is JsonValue value ? value.GetValue<TValue>() : throw new InvalidDataException($"missing '{key}'");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: the checkpoint metadata is damaged ({key}: {e.Message}).");
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
