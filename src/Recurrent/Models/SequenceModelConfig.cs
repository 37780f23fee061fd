using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Layers.Recurrent;

namespace Recurrent.Models;

/// <summary>
/// The configuration of the basic sequence model (optional Embedding → recurrent stack → Dense head), stored as
/// JSON under the key <c>recurrent</c> of a safetensors file's metadata. Keys follow PyTorch's constructor
/// arguments so a PyTorch user can write one by hand. Token input sets <see cref="VocabSize"/> and
/// <see cref="EmbeddingSize"/>; feature input sets <see cref="InputSize"/> instead.
/// </summary>
public sealed record SequenceModelConfig
{
    /// <summary>The format this code writes and reads; bumped only for incompatible changes.</summary>
    public const int CurrentFormatVersion = 1;

    public const string MetadataKey = "recurrent";

    public RecurrentCellKind Cell { get; init; } = RecurrentCellKind.Lstm;

    /// <summary>Vocabulary size for token input; null for feature input.</summary>
    public int? VocabSize { get; init; }

    /// <summary>Embedding width for token input; null for feature input.</summary>
    public int? EmbeddingSize { get; init; }

    /// <summary>Features per step for feature input; null for token input.</summary>
    public int? InputSize { get; init; }

    /// <summary>Hidden units per direction and layer.</summary>
    public int HiddenSize { get; init; } = 128;

    /// <summary>Stacked layers; 1 as PyTorch's default.</summary>
    public int NumLayers { get; init; } = 1;

    public bool Bidirectional { get; init; }

    /// <summary>Dropout between stacked layers in training; 0 as PyTorch's default.</summary>
    public double Dropout { get; init; }

    /// <summary>
    /// Dropout on the last layer's output, before the head, in training; 0 by default. With <see cref="Dropout"/>
    /// this regularises every non-recurrent connection above the embedding (Zaremba et al., 2014), as PyTorch's
    /// word_language_model example does with an nn.Dropout before its decoder.
    /// </summary>
    public double OutputDropout { get; init; }

    /// <summary>Width of the head's output at every step (the vocabulary for a language model).</summary>
    public int OutputSize { get; init; }

    /// <summary>Keys this version does not know, kept so that re-saving a file loses nothing.</summary>
    public JsonObject Extra { get; init; } = [];

    public bool HasEmbedding => VocabSize is not null;

    /// <summary>Width of one step of input to the recurrent stack.</summary>
    public int RecurrentInputSize => HasEmbedding ? EmbeddingSize!.Value : InputSize!.Value;

    /// <summary>Fails with a message naming the first inconsistent key.</summary>
    public void Validate()
    {
        if (HasEmbedding)
        {
            if (EmbeddingSize is not > 0) throw new InvalidDataException("Model config: token input (vocab_size) needs a positive embedding_size.");
            if (VocabSize is not > 0) throw new InvalidDataException("Model config: vocab_size must be positive.");
            if (InputSize is not null) throw new InvalidDataException("Model config: give either vocab_size (token input) or input_size (feature input), not both.");
        }
        else if (InputSize is not > 0)
        {
            throw new InvalidDataException("Model config: give vocab_size and embedding_size (token input) or a positive input_size (feature input).");
        }
        if (HiddenSize <= 0) throw new InvalidDataException("Model config: hidden_size must be positive.");
        if (NumLayers <= 0) throw new InvalidDataException("Model config: num_layers must be positive.");
        if (OutputSize <= 0) throw new InvalidDataException("Model config: output_size must be positive.");
        if (!(Dropout >= 0 && Dropout < 1)) throw new InvalidDataException("Model config: dropout must be in [0, 1).");
        if (!(OutputDropout >= 0 && OutputDropout < 1)) throw new InvalidDataException("Model config: output_dropout must be in [0, 1).");
    }

    public string ToJson()
    {
        var json = new JsonObject
        {
            ["format_version"] = CurrentFormatVersion,
            ["kind"] = "sequence",
            ["cell"] = Cell.ToConfigName(),
        };
        if (HasEmbedding)
        {
            json["vocab_size"] = VocabSize;
            json["embedding_size"] = EmbeddingSize;
        }
        else
        {
            json["input_size"] = InputSize;
        }
        json["hidden_size"] = HiddenSize;
        json["num_layers"] = NumLayers;
        json["bidirectional"] = Bidirectional;
        if (Dropout != 0) json["dropout"] = Dropout;
        if (OutputDropout != 0) json["output_dropout"] = OutputDropout;
        json["output_size"] = OutputSize;
        foreach (var (key, value) in Extra) json[key] = value?.DeepClone();
        return json.ToJsonString();
    }

    private static readonly HashSet<string> KnownKeys =
    [
        "format_version", "kind", "cell", "vocab_size", "embedding_size", "input_size", "hidden_size", "num_layers",
        "bidirectional", "dropout", "output_dropout", "output_size",
    ];

    /// <summary>Parses and validates; every problem is an <see cref="InvalidDataException"/> naming the key.</summary>
    public static SequenceModelConfig FromJson(string text)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(text) as JsonObject ?? throw new InvalidDataException("Model config is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Model config is not valid JSON ({e.Message}).");
        }
        var version = Integer(json, "format_version") ?? throw new InvalidDataException("Model config has no format_version.");
        if (version != CurrentFormatVersion)
            throw new InvalidDataException($"Model config has format_version {version}; this version of Recurrent reads version {CurrentFormatVersion}.");
        var kind = Text(json, "kind") ?? "sequence";
        if (kind != "sequence") throw new InvalidDataException($"Model config has kind '{kind}'; only 'sequence' is known.");
        var cellName = Text(json, "cell") ?? throw new InvalidDataException("Model config has no cell.");
        RecurrentCellKind cell;
        try
        {
            cell = RecurrentCellKindNames.Parse(cellName);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("Model config: " + e.Message);
        }
        var extra = new JsonObject();
        foreach (var (key, value) in json)
        {
            if (!KnownKeys.Contains(key)) extra[key] = value?.DeepClone();
        }
        var config = new SequenceModelConfig
        {
            Cell = cell,
            VocabSize = Integer(json, "vocab_size"),
            EmbeddingSize = Integer(json, "embedding_size"),
            InputSize = Integer(json, "input_size"),
            HiddenSize = Integer(json, "hidden_size") ?? throw new InvalidDataException("Model config has no hidden_size."),
            NumLayers = Integer(json, "num_layers") ?? 1,
            Bidirectional = Boolean(json, "bidirectional") ?? false,
            Dropout = Number(json, "dropout") ?? 0,
            OutputDropout = Number(json, "output_dropout") ?? 0,
            OutputSize = Integer(json, "output_size") ?? throw new InvalidDataException("Model config has no output_size."),
            Extra = extra,
        };
        config.Validate();
        return config;
    }

    private static JsonValue? Value(JsonObject json, string key) =>
        json[key] switch
        {
            null => null,
            JsonValue value => value,
            _ => throw new InvalidDataException($"Model config key '{key}' has the wrong type."),
        };

    private static int? Integer(JsonObject json, string key)
    {
        var value = Value(json, key);
        if (value is null) return null;
        if (value.TryGetValue<int>(out var i)) return i;
        if (value.TryGetValue<double>(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue) return (int)d;
        throw new InvalidDataException($"Model config key '{key}' must be an integer, not {value.ToJsonString()}.");
    }

    private static double? Number(JsonObject json, string key)
    {
        var value = Value(json, key);
        if (value is null) return null;
        return value.TryGetValue<double>(out var d) ? d
            : throw new InvalidDataException($"Model config key '{key}' must be a number, not {value.ToJsonString()}.");
    }

    private static bool? Boolean(JsonObject json, string key)
    {
        var value = Value(json, key);
        if (value is null) return null;
        return value.TryGetValue<bool>(out var b) ? b
            : throw new InvalidDataException($"Model config key '{key}' must be true or false, not {value.ToJsonString()}.");
    }

    private static string? Text(JsonObject json, string key)
    {
        var value = Value(json, key);
        if (value is null) return null;
        return value.TryGetValue<string>(out var s) ? s
            : throw new InvalidDataException($"Model config key '{key}' must be a string, not {value.ToJsonString()}.");
    }

    public override string ToString() => ToJson();
}
