using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.IO;
using Recurrent.Layers.Recurrent;
using Recurrent.Models;
using Recurrent.Tensors;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn info MODEL</c>: architecture, parameter count and file metadata of a sequence or wake-word model.</summary>
public static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<FileInfo>("MODEL") { Description = "A model or checkpoint (.safetensors): sequence or wake-word." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("info", "Show a model file's architecture, parameter count and metadata.") { model, json };
        command.SetAction(parse => Execute(context, parse.GetValue(model)!.FullName, parse.GetValue(json)));
        return command;
    }

    /// <summary>What both kinds of model show: the configuration, a few lines on the architecture, and the weights.</summary>
    private sealed record Description(string ConfigJson, IReadOnlyList<string> Architecture, ParameterStore<float> Parameters);

    private static int Execute(CliContext context, string path, bool asJson)
    {
        var file = SafeTensorsFile.Read(path);
        var description = IsWakeModel(file) ? DescribeWake(file) : DescribeSequence(file);
        var weights = description.Parameters.Parameters;
        var otherTensors = file.Tensors.Count(t => weights.All(w => w.Name != t.Name));
        if (asJson)
        {
            var result = new JsonObject
            {
                ["path"] = path,
                ["config"] = JsonNode.Parse(description.ConfigJson),
                ["parameters"] = description.Parameters.Count,
                ["tensors"] = new JsonArray(file.Tensors.Select(t => (JsonNode)new JsonObject
                {
                    ["name"] = t.Name,
                    ["dtype"] = t.DType.ToString(),
                    ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                }).ToArray()),
                ["metadata"] = new JsonObject(file.Metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
            };
            context.Output.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var o = context.Output;
        o.WriteLine(path);
        foreach (var line in description.Architecture)
            o.WriteLine("  " + line);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  parameters   {description.Parameters.Count:N0}"));
        o.WriteLine($"  tensors      {weights.Count} weights" + (otherTensors > 0 ? $", {otherTensors} training-state tensors (a checkpoint)" : ""));
        foreach (var w in weights)
            o.WriteLine($"    {w.Name,-28} {file[w.Name].DType,-4} {SafeTensor.FormatShape(w.Shape)}");
        o.WriteLine("  metadata");
        foreach (var (key, value) in file.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
            o.WriteLine($"    {key}: {value}");
        return 0;
    }

    /// <summary>True when the configuration says <c>"kind": "wake"</c>; anything else is left to the sequence-model reader.</summary>
    private static bool IsWakeModel(SafeTensorsFile file)
    {
        if (!file.Metadata.TryGetValue(SequenceModelConfig.MetadataKey, out var json))
            return false;
        try
        {
            return JsonNode.Parse(json) is JsonObject config && (string?)config["kind"] == WakeModelConfig.Kind;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static Description DescribeSequence(SafeTensorsFile file)
    {
        var loaded = ModelFile.Load<float>(file);
        var config = loaded.Config;
        var cell = config.Cell.ToConfigName();
        var input = config.HasEmbedding
            ? $"token ids (vocabulary {config.VocabSize}, embedding {config.EmbeddingSize})"
            : $"{config.InputSize} features per step";
        var directions = config.Bidirectional ? "bidirectional" : "unidirectional";
        return new Description(config.ToJson(),
        [
            $"model        sequence: {(config.HasEmbedding ? "embedding → " : "")}{cell} × {config.NumLayers} → dense head",
            $"input        {input}",
            $"recurrent    {cell}, hidden {config.HiddenSize}, {config.NumLayers} layer(s), {directions}"
                + (config.Dropout > 0 ? string.Create(CultureInfo.InvariantCulture, $", dropout {config.Dropout}") : "")
                + (config.OutputDropout > 0 ? string.Create(CultureInfo.InvariantCulture, $", output dropout {config.OutputDropout}") : ""),
            $"output       {config.OutputSize} per step",
        ], loaded.Parameters);
    }

    private static Description DescribeWake(SafeTensorsFile file)
    {
        var model = WakeModelFile.Load<float>(file);
        var config = model.Config;
        var features = config.Features;
        var kind = features.MfccCount > 0 ? $"{features.MfccCount} MFCCs"
            : features.Pcen is not null ? $"{features.MelCount} mel bands through PCEN" : $"{features.MelCount} log-mel bands";
        var convolution = config.ConvChannels > 0 ? $"conv1d {config.ConvChannels} × kernel {config.ConvKernel} → " : "";
        return new Description(config.ToJson(),
        [
            $"model        wake word: {convolution}gru × {config.NumLayers} → sigmoid per frame",
            string.Create(CultureInfo.InvariantCulture,
                $"input        {kind} per {features.HopMs} ms frame ({features.WindowMs} ms window, {features.SampleRate} Hz audio)"),
            $"recurrent    gru, hidden {config.HiddenSize}, {config.NumLayers} layer(s), unidirectional (streams frame by frame)"
                + (config.Dropout > 0 ? string.Create(CultureInfo.InvariantCulture, $", trained with dropout {config.Dropout}") : ""),
            string.Create(CultureInfo.InvariantCulture, $"output       wake-word probability per frame, trained on {config.LabelSpanMs} ms after each word's end"),
            .. config.WordClasses > 0 ? [$"word head    {config.WordClasses} words (training only; the saved detector drops it)"] : Array.Empty<string>(),
            .. config.TrainedFor is { } trained ? [$"trained for  {trained.Describe()}"] : Array.Empty<string>(),
        ], model.Parameters);
    }
}
