namespace Recurrent.Text;

/// <summary>
/// Texts read from one or more files: documents (a joke, a line) when <see cref="HasDocuments"/>, otherwise
/// one running text per file.
/// </summary>
public sealed record Corpus(IReadOnlyList<string> Documents, bool HasDocuments, IReadOnlyList<string> Files)
{
    /// <summary>Unicode scalar values over all documents.</summary>
    public long CharacterCount => Documents.Sum(d => (long)d.EnumerateRunes().Count());
}
