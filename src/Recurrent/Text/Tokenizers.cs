using System.Text;
using System.Text.Json.Nodes;
using Recurrent.Models;

namespace Recurrent.Text;

/// <summary>Builds and reloads the tokenizer a language model is saved with (config key <c>tokenizer</c>).</summary>
public static class Tokenizers
{
    public const string ConfigKey = "tokenizer";

    /// <summary>A <c>char</c> or <c>word</c> tokenizer over <paramref name="documents"/>.</summary>
    /// <param name="minCount">word level: the fewest times a word must occur to get its own id</param>
    public static ITokenizer Build(string level, IEnumerable<string> documents, bool documentBoundaries, int minCount) => level switch
    {
        "char" => CharTokenizer.FromDocuments(documents, documentBoundaries),
        "word" => WordTokenizer.FromDocuments(documents, minCount),
        _ => throw new ArgumentException($"Unknown tokenizer level '{level}': use char or word."),
    };

    /// <summary>The tokenizer stored in a model's configuration; a model without one is a clear error.</summary>
    public static ITokenizer FromConfig(SequenceModelConfig config, string source)
    {
        if (config.Extra[ConfigKey] is not JsonObject json)
            throw new InvalidDataException($"{source}: the model has no tokenizer in its configuration, so it cannot read or write text.");
        try
        {
            var tokenizer = Parse(json);
            if (tokenizer.VocabularySize != config.VocabSize)
                throw new InvalidDataException($"the tokenizer has {tokenizer.VocabularySize} tokens but vocab_size is {config.VocabSize}");
            return tokenizer;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or RecurrentException or InvalidDataException)
        {
            throw new InvalidDataException($"{source}: the tokenizer in the model configuration is damaged ({e.Message}).");
        }
    }

    private static ITokenizer Parse(JsonObject json)
    {
        var level = json["level"]?.GetValue<string>();
        switch (level)
        {
            case "char":
                var alphabet = (json["alphabet"] as JsonArray ?? throw new InvalidDataException("no alphabet"))
                    .Select(node => node!.GetValue<string>())
                    .Select(text => Rune.TryGetRuneAt(text, 0, out var rune) && rune.Utf16SequenceLength == text.Length
                        ? rune : throw new InvalidDataException($"alphabet entry '{text}' is not one character"));
                return new CharTokenizer(alphabet.ToList(), json["documents"]?.GetValue<bool>() ?? false);
            case "word":
                var vocabulary = (json["vocabulary"] as JsonArray ?? throw new InvalidDataException("no vocabulary"))
                    .Select(node => node!.GetValue<string>()).ToList();
                return new WordTokenizer(vocabulary);
            default:
                throw new InvalidDataException($"unknown level '{level}'");
        }
    }
}
