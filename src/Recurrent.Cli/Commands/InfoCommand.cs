using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.IO;
using Recurrent.Layers.Recurrent;
using Recurrent.Models;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn info MODEL</c>: architecture, parameter count and file metadata.</summary>
public static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<FileInfo>("MODEL") { Description = "A model or checkpoint (.safetensors)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("info", "Show a model file's architecture, parameter count and metadata.") { model, json };
        command.SetAction(parse => Execute(context, parse.GetValue(model)!.FullName, parse.GetValue(json)));
        return command;
    }

    private static int Execute(CliContext context, string path, bool asJson)
    {
        var file = SafeTensorsFile.Read(path);
        var loaded = ModelFile.Load<float>(file);
        var config = loaded.Config;
        var weights = loaded.Parameters.Parameters;
        var otherTensors = file.Tensors.Where(t => weights.All(w => w.Name != t.Name)).ToList();
        if (asJson)
        {
            var result = new JsonObject
            {
                ["path"] = path,
                ["config"] = JsonNode.Parse(config.ToJson()),
                ["parameters"] = loaded.Parameters.Count,
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
        var input = config.HasEmbedding
            ? $"token ids (vocabulary {config.VocabSize}, embedding {config.EmbeddingSize})"
            : $"{config.InputSize} features per step";
        var directions = config.Bidirectional ? "bidirectional" : "unidirectional";
        o.WriteLine(path);
        o.WriteLine($"  model        sequence: {(config.HasEmbedding ? "embedding → " : "")}{config.Cell.ToConfigName()} × {config.NumLayers} → dense head");
        o.WriteLine($"  input        {input}");
        o.WriteLine($"  recurrent    {config.Cell.ToConfigName()}, hidden {config.HiddenSize}, {config.NumLayers} layer(s), {directions}"
            + (config.Dropout > 0 ? string.Create(CultureInfo.InvariantCulture, $", dropout {config.Dropout}") : ""));
        o.WriteLine($"  output       {config.OutputSize} per step");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  parameters   {loaded.Parameters.Count:N0}"));
        o.WriteLine($"  tensors      {weights.Count} weights" + (otherTensors.Count > 0 ? $", {otherTensors.Count} training-state tensors (a checkpoint)" : ""));
        foreach (var w in weights)
            o.WriteLine($"    {w.Name,-28} {file[w.Name].DType,-4} {SafeTensor.FormatShape(w.Shape)}");
        o.WriteLine("  metadata");
        foreach (var (key, value) in file.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
            o.WriteLine($"    {key}: {value}");
        return 0;
    }
}
