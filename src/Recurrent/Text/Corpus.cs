namespace Recurrent.Text;

/// <summary>
/// Texts read from one or more files: documents (a joke, a line) when <see cref="HasDocuments"/>, otherwise
/// one running text per file.
/// </summary>
public sealed record Corpus(IReadOnlyList<string> Documents, bool HasDocuments, IReadOnlyList<string> Files)
{
    /// <summary>Unicode scalar values over all documents.</summary>
    public long CharacterCount => Documents.Sum(d => (long)d.EnumerateRunes().Count());

    /// <summary>
    /// The same corpus without the documents longer than <paramref name="maxCharacters"/> Unicode scalar values:
    /// for example one-liners only, out of a fortune collection that also holds long poems and ASCII art.
    /// </summary>
    public Corpus KeepDocumentsUpTo(int maxCharacters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCharacters);
        if (!HasDocuments)
            throw new ArgumentException("A document length limit needs a corpus of documents (lines, fortune, csv or jsonl), not running text.");
        var kept = Documents.Where(d => d.EnumerateRunes().Count() <= maxCharacters).ToList();
        if (kept.Count == 0)
            throw new InvalidDataException($"No document in {string.Join(", ", Files)} has at most {maxCharacters} characters.");
        return this with { Documents = kept };
    }
}
