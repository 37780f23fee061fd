using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Recurrent.Text;

/// <summary>
/// Word-level tokenizer: words (letters and digits, with inner apostrophes as in <c>don't</c>), single
/// punctuation marks and line breaks are tokens. The vocabulary is <c>&lt;bos&gt;</c>, <c>&lt;eos&gt;</c>,
/// <c>&lt;unk&gt;</c> (ids 0, 1, 2), then every token seen at least a minimum number of times, most frequent first
/// (ties in ordinal order, so the same text gives the same vocabulary). Rarer tokens become <c>&lt;unk&gt;</c>.
/// </summary>
public sealed partial class WordTokenizer : ITokenizer
{
    private const int UnknownId = 2;
    private readonly string[] _words;
    private readonly Dictionary<string, int> _ids;

    /// <param name="vocabulary">every token, the three special ones first</param>
    public WordTokenizer(IReadOnlyList<string> vocabulary)
    {
        if (vocabulary.Count < 3 || vocabulary[0] != SpecialTokens.BeginOfDocument || vocabulary[1] != SpecialTokens.EndOfDocument || vocabulary[2] != SpecialTokens.Unknown)
            throw new InvalidDataException($"A word vocabulary starts with {SpecialTokens.BeginOfDocument}, {SpecialTokens.EndOfDocument} and {SpecialTokens.Unknown}.");
        _words = [.. vocabulary];
        _ids = new Dictionary<string, int>(_words.Length, StringComparer.Ordinal);
        for (var i = 0; i < _words.Length; i++)
        {
            if (!_ids.TryAdd(_words[i], i)) throw new InvalidDataException($"The word vocabulary lists '{_words[i]}' twice.");
        }
    }

    /// <summary>The vocabulary of <paramref name="documents"/>: tokens seen at least <paramref name="minCount"/> times.</summary>
    public static WordTokenizer FromDocuments(IEnumerable<string> documents, int minCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minCount);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            foreach (var token in Split(document)) counts[token] = counts.GetValueOrDefault(token) + 1;
        }
        var words = counts.Where(p => p.Value >= minCount)
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key);
        return new WordTokenizer([SpecialTokens.BeginOfDocument, SpecialTokens.EndOfDocument, SpecialTokens.Unknown, .. words]);
    }

    /// <summary>The tokens of <paramref name="text"/> as strings: words, punctuation marks and line breaks.</summary>
    public static IEnumerable<string> Split(string text) => TokenPattern().Matches(text).Select(m => m.Value);

    public string Level => "word";

    public int VocabularySize => _words.Length;

    public int? BeginOfDocument => 0;

    public int? EndOfDocument => 1;

    public int? Unknown => UnknownId;

    public IReadOnlyList<string> Vocabulary => _words;

    /// <summary>The id of <paramref name="word"/>, or null when it is not in the vocabulary.</summary>
    public int? Find(string word) => _ids.TryGetValue(word, out var id) ? id : null;

    public int[] Encode(string text) => Split(text).Select(t => _ids.GetValueOrDefault(t, UnknownId)).ToArray();

    /// <summary>
    /// Joins tokens with spaces, except before closing punctuation, after opening brackets, around line breaks,
    /// between hyphens (so a dash typed as <c>--</c> comes back whole), and inside a pair of straight double quotes.
    /// </summary>
    public string Decode(IEnumerable<int> ids)
    {
        var builder = new StringBuilder();
        var previous = "\n";
        var insideQuotes = false;
        foreach (var id in ids)
        {
            if (id == BeginOfDocument || id == EndOfDocument) continue;
            var token = _words[id];
            var opensQuote = token == "\"" && !insideQuotes;
            var joins = previous == "\n" || token == "\n" || previous is "(" or "[" or "{"
                || (previous == "\"" && insideQuotes) || (token == "\"" && insideQuotes)
                || (token.Length == 1 && ".,!?;:)]}%".Contains(token[0])) || (token == "-" && previous == "-");
            if (!joins) builder.Append(' ');
            builder.Append(token);
            if (token == "\"") insideQuotes = opensQuote;
            previous = token;
        }
        return builder.ToString();
    }

    public string TokenText(int id) => _words[id];

    public JsonObject ToJson() => new()
    {
        ["level"] = Level,
        ["vocabulary"] = new JsonArray(_words.Select(w => (JsonNode)w).ToArray()),
    };

    // A word is letters/digits/marks with optional inner apostrophes; any other non-space character stands alone.
    [GeneratedRegex(@"\n|[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*|[^\s]")]
    private static partial Regex TokenPattern();
}
