using System.Text;

namespace Recurrent.Text;

/// <summary>
/// Character-level tokenizer: one id per distinct Unicode scalar value of the training text, in ordinal order,
/// so the same text always gives the same vocabulary.
/// </summary>
public sealed class CharTokenizer
{
    private readonly Dictionary<Rune, int> _ids;
    private readonly Rune[] _runes;

    public CharTokenizer(IEnumerable<Rune> alphabet)
    {
        _runes = alphabet.Distinct().Order().ToArray();
        if (_runes.Length == 0) throw new RecurrentException("The text is empty: a character vocabulary needs at least one character.");
        _ids = _runes.Select((rune, id) => (rune, id)).ToDictionary(x => x.rune, x => x.id);
    }

    /// <summary>The vocabulary of every character in <paramref name="text"/>.</summary>
    public static CharTokenizer FromText(string text) => new(text.EnumerateRunes());

    public int VocabularySize => _runes.Length;

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
        foreach (var id in ids) builder.Append(_runes[id].ToString());
        return builder.ToString();
    }
}
