using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Audio;

namespace Recurrent.Models;

/// <summary>
/// The configuration of a wake-word model, stored as JSON under the metadata key <c>recurrent</c> with
/// <c>"kind": "wake"</c>: the feature settings and normalisation (so listening computes exactly what training saw),
/// the network's sizes, and the label span the model was trained to fire in.
/// </summary>
public sealed record WakeModelConfig
{
    public const int CurrentFormatVersion = 1;

    public const string Kind = "wake";

    public FeatureSettings Features { get; init; } = new();

    /// <summary>Per-feature μ and σ measured on training audio; identity until training measures them.</summary>
    public FeatureNormalization Normalization { get; init; } = FeatureNormalization.Identity(new FeatureSettings().FeatureCount);

    /// <summary>Conv1d output channels; 0 for no convolution (the GRU reads the features directly).</summary>
    public int ConvChannels { get; init; } = 64;

    /// <summary>5 frames = 65 ms of audio at a 10 ms hop: about one phoneme, the unit the convolution should see.</summary>
    public int ConvKernel { get; init; } = 5;

    /// <summary>64 GRU units: enough for one word, small enough to run well under 2% of a core.</summary>
    public int HiddenSize { get; init; } = 64;

    public int NumLayers { get; init; } = 1;

    /// <summary>
    /// Dropout on the GRU's input, between its layers and on its output (before the head), in training only; 0 by
    /// default. A regulariser for data from few voices: no unit can rely on one detail of one speaker's spectrum.
    /// </summary>
    public double Dropout { get; init; }

    /// <summary>
    /// Classes of the training-only word head: 0 (none, the default) or the number of words the other speech is sorted
    /// into plus one for the wake word. The head reads the GRU's output beside the detector's head and learns which
    /// word has just ended, so the recurrent state must tell every word apart, not only the wake word from the rest;
    /// the detector never runs it, and saved models drop it (<see cref="Detector"/>).
    /// </summary>
    public int WordClasses { get; init; }

    /// <summary>Frames are labelled 1 for this long after the wake word ends (a short span, as in the design notes).</summary>
    public double LabelSpanMs { get; init; } = 300;

    /// <summary>The conditions training mixed its examples in; null until training sets them, and in older files.</summary>
    public WakeTrainingConditions? TrainedFor { get; init; }

    /// <summary>Mycroft Precise's size: 13 MFCCs straight into a 20-unit GRU, no convolution.</summary>
    public static WakeModelConfig GruOverMfcc => new()
    {
        Features = new FeatureSettings { MfccCount = 13 },
        Normalization = FeatureNormalization.Identity(13),
        ConvChannels = 0,
        HiddenSize = 20,
    };

    public int FeatureCount => Features.FeatureCount;

    /// <summary>This configuration without the word head: what listening needs.</summary>
    public WakeModelConfig Detector => this with { WordClasses = 0 };

    /// <summary>Width of one step of input to the GRU.</summary>
    public int RecurrentInputSize => ConvChannels > 0 ? ConvChannels : FeatureCount;

    /// <summary>Fails with a message naming the first inconsistent value.</summary>
    public void Validate()
    {
        Features.Validate();
        if (Normalization.FeatureCount != FeatureCount)
            throw new ArgumentException($"Wake model config: the normalisation has {Normalization.FeatureCount} features, the feature settings give {FeatureCount}.");
        if (ConvChannels < 0) throw new ArgumentException("Wake model config: conv_channels must be 0 (none) or positive.");
        if (ConvChannels > 0 && ConvKernel < 1) throw new ArgumentException("Wake model config: conv_kernel must be positive.");
        if (HiddenSize < 1) throw new ArgumentException("Wake model config: hidden_size must be positive.");
        if (NumLayers < 1) throw new ArgumentException("Wake model config: num_layers must be positive.");
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException("Wake model config: dropout must be in [0, 1).");
        if (!(LabelSpanMs > 0)) throw new ArgumentException("Wake model config: label_span_ms must be positive.");
        if (WordClasses is < 0 or 1) throw new ArgumentException("Wake model config: word_classes must be 0 (no word head) or at least 2.");
    }

    public string ToJson()
    {
        var json = new JsonObject
        {
            ["format_version"] = CurrentFormatVersion,
            ["kind"] = Kind,
            ["features"] = Features.ToJson(),
            ["normalization"] = Normalization.ToJson(),
            ["conv_channels"] = ConvChannels,
            ["conv_kernel"] = ConvKernel,
            ["cell"] = "gru",
            ["hidden_size"] = HiddenSize,
            ["num_layers"] = NumLayers,
            ["label_span_ms"] = LabelSpanMs,
        };
        // Only when set, so models trained without it keep their exact metadata.
        if (Dropout != 0) json["dropout"] = Dropout;
        if (WordClasses != 0) json["word_classes"] = WordClasses;
        if (TrainedFor is not null) json["trained_for"] = TrainedFor.ToJson();
        return json.ToJsonString();
    }

    /// <summary>Parses and validates; every problem is an <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static WakeModelConfig FromJson(string text)
    {
        try
        {
            var json = JsonNode.Parse(text) as JsonObject ?? throw new InvalidDataException("the wake model config is not a JSON object.");
            var version = (int?)json["format_version"] ?? throw new InvalidDataException("the wake model config has no format_version.");
            if (version != CurrentFormatVersion)
                throw new InvalidDataException($"wake model format_version {version}; this version of Recurrent reads {CurrentFormatVersion}.");
            var kind = (string?)json["kind"];
            if (kind != Kind) throw new InvalidDataException($"model kind is '{kind ?? "sequence"}', not a wake-word model ('{Kind}').");
            var defaults = new WakeModelConfig();
            var features = FeatureSettings.FromJson(json["features"] as JsonObject ?? throw new InvalidDataException("the wake model config has no features object."));
            var config = new WakeModelConfig
            {
                Features = features,
                Normalization = json["normalization"] is JsonObject n ? FeatureNormalization.FromJson(n) : FeatureNormalization.Identity(features.FeatureCount),
                ConvChannels = (int?)json["conv_channels"] ?? defaults.ConvChannels,
                ConvKernel = (int?)json["conv_kernel"] ?? defaults.ConvKernel,
                HiddenSize = (int?)json["hidden_size"] ?? defaults.HiddenSize,
                NumLayers = (int?)json["num_layers"] ?? defaults.NumLayers,
                LabelSpanMs = (double?)json["label_span_ms"] ?? defaults.LabelSpanMs,
                Dropout = (double?)json["dropout"] ?? 0,
                WordClasses = (int?)json["word_classes"] ?? 0,
                TrainedFor = json["trained_for"] is JsonObject trained ? WakeTrainingConditions.FromJson(trained) : null,
            };
            config.Validate();
            return config;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            // Validation messages already name the key; JSON and type errors need the context.
            throw new InvalidDataException(e is ArgumentException ? e.Message : $"the wake model config is damaged ({e.Message}).");
        }
    }
}
