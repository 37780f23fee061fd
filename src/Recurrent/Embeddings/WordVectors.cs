using System.Numerics.Tensors;

namespace Recurrent.Embeddings;

/// <summary>A vocabulary and one dense vector per word: row i of <see cref="Vectors"/> (N, D) belongs to word i.</summary>
public sealed class WordVectors
{
    private readonly Dictionary<string, int> _ids;

    public WordVectors(IReadOnlyList<string> words, float[] vectors, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (vectors.Length != words.Count * dimension)
            throw new ArgumentException($"{words.Count} words of dimension {dimension} need {words.Count * dimension} numbers, not {vectors.Length}.");
        Words = [.. words];
        Vectors = vectors;
        Dimension = dimension;
        _ids = new Dictionary<string, int>(words.Count, StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++) _ids.TryAdd(words[i], i);
    }

    public string[] Words { get; }

    /// <summary>(N, D) row-major.</summary>
    public float[] Vectors { get; }

    public int Dimension { get; }

    public int Count => Words.Length;

    public int? Find(string word) => _ids.TryGetValue(word, out var id) ? id : null;

    public ReadOnlySpan<float> this[int id] => Vectors.AsSpan(id * Dimension, Dimension);

    /// <summary>Each vector divided by its length, for cosine similarity by dot product; zero vectors stay zero.</summary>
    public float[] Normalized()
    {
        var result = new float[Vectors.Length];
        for (var i = 0; i < Count; i++)
        {
            var row = this[i];
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0) TensorPrimitives.Divide(row, norm, result.AsSpan(i * Dimension, Dimension));
        }
        return result;
    }

    /// <summary>
    /// The <paramref name="count"/> words whose unit vectors have the largest dot product with
    /// <paramref name="query"/> (cosine similarity when the query is a unit vector), leaving out <paramref name="exclude"/>.
    /// </summary>
    public static List<(int Id, float Similarity)> Nearest(float[] normalized, int dimension, ReadOnlySpan<float> query, int count, IReadOnlySet<int> exclude)
    {
        var rows = normalized.Length / dimension;
        var best = new PriorityQueue<int, float>();
        for (var i = 0; i < rows; i++)
        {
            if (exclude.Contains(i)) continue;
            var similarity = TensorPrimitives.Dot(normalized.AsSpan(i * dimension, dimension), query);
            if (best.Count < count) best.Enqueue(i, similarity);
            else if (best.TryPeek(out _, out var lowest) && similarity > lowest) best.EnqueueDequeue(i, similarity);
        }
        var result = new List<(int, float)>(best.Count);
        while (best.TryDequeue(out var id, out var similarity)) result.Add((id, similarity));
        result.Reverse();
        return result;
    }
}
