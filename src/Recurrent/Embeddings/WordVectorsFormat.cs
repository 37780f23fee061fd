namespace Recurrent.Embeddings;

/// <summary>The word-vector file formats in common use.</summary>
public enum WordVectorsFormat
{
    /// <summary>word2vec text: a header line "count dimension", then "word v1 … vD" per line.</summary>
    Word2VecText,

    /// <summary>word2vec binary: the same header, then per word its text, a space and D little-endian float32s.</summary>
    Word2VecBinary,

    /// <summary>GloVe text: "word v1 … vD" per line, no header.</summary>
    GloveText,
}
