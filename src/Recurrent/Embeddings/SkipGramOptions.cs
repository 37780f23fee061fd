namespace Recurrent.Embeddings;

/// <summary>Settings of <see cref="SkipGramTrainer"/>; the defaults are the original word2vec tool's for skip-gram.</summary>
public sealed record SkipGramOptions
{
    /// <summary>Vector size; word2vec's default 100.</summary>
    public int Dimension { get; init; } = 100;

    /// <summary>Largest distance between a word and a context word; each position draws its own window in 1..this.</summary>
    public int Window { get; init; } = 5;

    /// <summary>Negative samples per positive pair; 5 as word2vec.</summary>
    public int Negative { get; init; } = 5;

    /// <summary>Words seen fewer times are dropped before training; 5 as word2vec.</summary>
    public int MinCount { get; init; } = 5;

    /// <summary>Frequent-word subsampling threshold; 1e-3 as word2vec (0 disables it).</summary>
    public double Sample { get; init; } = 1e-3;

    public int Epochs { get; init; } = 5;

    /// <summary>Starting learning rate, decayed linearly to nearly 0; 0.025 is word2vec's rate for skip-gram.</summary>
    public double LearningRate { get; init; } = 0.025;

    /// <summary>Worker threads updating the shared vectors without locks, as word2vec does (results then vary run to run).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    public ulong Seed { get; init; } = 1;
}
