using System.Numerics;
using System.Numerics.Tensors;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// Token embedding, as torch.nn.Embedding: y[n] = W[id[n]] with W (V, E). Legend: N tokens (T·B), V vocabulary,
/// E embedding size.
/// </summary>
public sealed class Embedding<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T> _weight; // (V, E)

    public Embedding(ParameterStore<T> parameters, string prefix, int vocabularySize, int embeddingSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabularySize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(embeddingSize);
        VocabularySize = vocabularySize;
        EmbeddingSize = embeddingSize;
        _weight = parameters.Add(prefix + "weight", vocabularySize, embeddingSize);
    }

    public int VocabularySize { get; }

    public int EmbeddingSize { get; }

    public Parameter<T> Weight => _weight;

    /// <summary>PyTorch's default: W from N(0, 1).</summary>
    public void Initialize(Rng rng)
    {
        var weight = _weight.Value;
        for (var i = 0; i < weight.Length; i++) weight[i] = T.CreateTruncating(rng.NextNormal());
    }

    /// <param name="output">(N, E)</param>
    /// <param name="ids">(N) token ids in [0, V)</param>
    public void Forward(Span<T> output, ReadOnlySpan<int> ids)
    {
        if (output.Length != ids.Length * EmbeddingSize)
            throw new ArgumentException($"Embedding output has {output.Length} elements; ({ids.Length}, {EmbeddingSize}) needs {ids.Length * EmbeddingSize}.");
        var weight = _weight.Value;
        for (var n = 0; n < ids.Length; n++)
        {
            var id = ids[n];
            if ((uint)id >= (uint)VocabularySize)
                throw new ArgumentOutOfRangeException(nameof(ids), $"Token id {id} at position {n} is outside the vocabulary [0, {VocabularySize}).");
            weight.Slice(id * EmbeddingSize, EmbeddingSize).CopyTo(output.Slice(n * EmbeddingSize, EmbeddingSize));
        }
    }

    /// <summary>y[n] = W[id[n]]  ⇒  dW[id[n]] += dy[n]; a token that appears twice gets both gradients.</summary>
    /// <param name="dOutput">(N, E)</param>
    /// <param name="ids">(N) the ids given to Forward</param>
    public void Backward(ReadOnlySpan<T> dOutput, ReadOnlySpan<int> ids)
    {
        var dWeight = _weight.Gradient;
        for (var n = 0; n < ids.Length; n++)
        {
            var row = dWeight.Slice(ids[n] * EmbeddingSize, EmbeddingSize);
            TensorPrimitives.Add(row, dOutput.Slice(n * EmbeddingSize, EmbeddingSize), row);
        }
    }
}
