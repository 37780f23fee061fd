using System.Text;
using System.Text.Json.Nodes;

namespace Recurrent.Text;

/// <summary>
/// Character-level tokenizer: one id per distinct Unicode scalar value of the training text, in ordinal order,
/// so the same text always gives the same vocabulary. For documents, <c>&lt;bos&gt;</c> and <c>&lt;eos&gt;</c>
/// follow the alphabet (ids A and A + 1), so a file without them keeps its ids.
/// </summary>
public sealed class CharTokenizer : ITokenizer
{
    private readonly Dictionary<Rune, int> _ids;
    private readonly Rune[] _runes;

    public CharTokenizer(IEnumerable<Rune> alphabet, bool documentBoundaries = false)
    {
        _runes = alphabet.Distinct().Order().ToArray();
        if (_runes.Length == 0) throw new RecurrentException("The text is empty: a character vocabulary needs at least one character.");
        _ids = _runes.Select((rune, id) => (rune, id)).ToDictionary(x => x.rune, x => x.id);
        if (documentBoundaries)
        {
            BeginOfDocument = _runes.Length;
            EndOfDocument = _runes.Length + 1;
        }
    }

    /// <summary>The vocabulary of every character in <paramref name="text"/>.</summary>
    public static CharTokenizer FromText(string text) => new(text.EnumerateRunes());

    /// <summary>The vocabulary of every character in <paramref name="documents"/>.</summary>
    public static CharTokenizer FromDocuments(IEnumerable<string> documents, bool documentBoundaries) =>
        new(documents.SelectMany(d => d.EnumerateRunes()), documentBoundaries);

    public string Level => "char";

    public int VocabularySize => _runes.Length + (BeginOfDocument is null ? 0 : 2);

    public int? BeginOfDocument { get; }

    public int? EndOfDocument { get; }

    /// <summary>None: the alphabet is taken from the whole corpus, so every character of it has an id.</summary>
    public int? Unknown => null;

    public IReadOnlyList<Rune> Alphabet => _runes;

    /// <summary>The ids of <paramref name="text"/>; a character outside the vocabulary is an error naming it.</summary>
    public int[] Encode(string text)
    {
        var ids = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (!_ids.TryGetValue(rune, out var id))
                throw new RecurrentException($"The character '{rune}' (U+{rune.Value:X4}) is not in the model's vocabulary.");
            ids.Add(id);
        }
        return [.. ids];
    }

    public string Decode(IEnumerable<int> ids)
    {
        var builder = new StringBuilder();
        foreach (var id in ids)
        {
            if (id < _runes.Length) builder.Append(_runes[id].ToString());
        }
        return builder.ToString();
    }

    public string TokenText(int id) =>
        id == BeginOfDocument ? SpecialTokens.BeginOfDocument
        : id == EndOfDocument ? SpecialTokens.EndOfDocument
        : _runes[id].ToString();

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["level"] = Level,
            ["alphabet"] = new JsonArray(_runes.Select(r => (JsonNode)r.ToString()).ToArray()),
        };
        if (BeginOfDocument is not null) json["documents"] = true;
        return json;
    }
}
