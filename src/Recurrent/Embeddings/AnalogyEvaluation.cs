using System.Numerics.Tensors;
using Recurrent.Text;

namespace Recurrent.Embeddings;

/// <summary>
/// The word-analogy test of word2vec's <c>questions-words.txt</c>: for "a b c d" the answer to "a is to b as c is
/// to ?" is the word nearest (by cosine) to unit(b) − unit(a) + unit(c), leaving out a, b and c; it is right when
/// that word is d. Words are compared in lower case. Questions with a word outside the vocabulary (or outside the
/// most frequent <c>restrict</c> words) are not answered but counted as unknown.
/// </summary>
public static class AnalogyEvaluation
{
    public sealed record SectionResult(string Section, int Correct, int Answered, int Unknown)
    {
        public double Accuracy => Answered == 0 ? 0 : Correct / (double)Answered;
    }

    /// <summary>Per section in file order, then the overall line named "total".</summary>
    public static List<SectionResult> Evaluate(WordVectors vectors, string questionsPath, int restrict = 300_000)
    {
        var text = Utf8Text.Decode(File.ReadAllBytes(questionsPath), questionsPath);
        var rows = Math.Min(restrict, vectors.Count);
        var normalized = vectors.Normalized().AsSpan(0, rows * vectors.Dimension).ToArray();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = rows - 1; i >= 0; i--) ids[vectors.Words[i].ToLowerInvariant()] = i; // the most frequent spelling wins
        var results = new List<SectionResult>();
        var query = new float[vectors.Dimension];
        string? section = null;
        int correct = 0, answered = 0, unknown = 0;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith(':'))
            {
                if (section is not null) results.Add(new(section, correct, answered, unknown));
                (section, correct, answered, unknown) = (line[1..].Trim(), 0, 0, 0);
                continue;
            }
            var words = line.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length != 4) throw new InvalidDataException($"{questionsPath}: line {lineNumber} should hold four words: '{line}'.");
            section ??= "questions";
            if (!ids.TryGetValue(words[0], out var a) || !ids.TryGetValue(words[1], out var b) || !ids.TryGetValue(words[2], out var c) || !ids.TryGetValue(words[3], out var d))
            {
                unknown++;
                continue;
            }
            var dimension = vectors.Dimension;
            TensorPrimitives.Subtract(normalized.AsSpan(b * dimension, dimension), normalized.AsSpan(a * dimension, dimension), query);
            TensorPrimitives.Add(query, normalized.AsSpan(c * dimension, dimension), query);
            var best = WordVectors.Nearest(normalized, dimension, query, 1, new HashSet<int> { a, b, c });
            answered++;
            if (best.Count == 1 && best[0].Id == d) correct++;
        }
        if (section is not null) results.Add(new(section, correct, answered, unknown));
        if (results.Count == 0) throw new InvalidDataException($"{questionsPath}: no analogy questions found.");
        results.Add(new("total", results.Sum(r => r.Correct), results.Sum(r => r.Answered), results.Sum(r => r.Unknown)));
        return results;
    }
}
