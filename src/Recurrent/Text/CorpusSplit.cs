using Recurrent.Tensors;

namespace Recurrent.Text;

/// <summary>
/// Deterministic train/validation split. Documents are assigned whole, by a seeded shuffle, so no joke is half in
/// each part; running text (no documents) keeps its first (1 − f) of characters for training and the rest for
/// validation, the Tiny Shakespeare convention.
/// </summary>
public static class CorpusSplit
{
    public static (List<string> Train, List<string> Validation) Split(Corpus corpus, double validationFraction, ulong seed)
    {
        if (!(validationFraction >= 0 && validationFraction < 1)) throw new ArgumentException("--val-fraction must be in [0, 1).");
        if (validationFraction == 0) return ([.. corpus.Documents], []);
        if (!corpus.HasDocuments)
        {
            var text = string.Concat(corpus.Documents);
            var cut = (int)Math.Round(text.Length * (1 - validationFraction));
            // Never cut a surrogate pair in two: a character is a Unicode scalar value.
            if (cut > 0 && cut < text.Length && char.IsLowSurrogate(text[cut])) cut--;
            return ([text[..cut]], [text[cut..]]);
        }
        var count = corpus.Documents.Count;
        var validationCount = (int)Math.Round(count * validationFraction);
        if (validationCount == 0 || validationCount == count)
            throw new InvalidDataException($"The corpus has {count} documents: too few to hold out {validationFraction:P0} for validation; lower --val-fraction or set it to 0.");
        var order = Enumerable.Range(0, count).ToArray();
        var rng = new Rng(seed);
        for (var i = count - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var validation = new HashSet<int>(order.Take(validationCount));
        var train = new List<string>(count - validationCount);
        var held = new List<string>(validationCount);
        for (var i = 0; i < count; i++) (validation.Contains(i) ? held : train).Add(corpus.Documents[i]);
        return (train, held);
    }
}
