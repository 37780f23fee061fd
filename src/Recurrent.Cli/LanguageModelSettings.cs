using Recurrent.Layers.Recurrent;
using Recurrent.Text;

namespace Recurrent.Cli;

/// <summary>Everything <c>rnn train lm</c> (and the demo) is told; each default says why it is that value.</summary>
internal sealed record LanguageModelSettings
{
    public required IReadOnlyList<string> Data { get; init; }

    /// <summary>Null: guessed from each file.</summary>
    public CorpusFormat? Format { get; init; }

    /// <summary>char: needs no vocabulary cut-off and never meets an unknown word.</summary>
    public string Level { get; init; } = "char";

    /// <summary>word level: words seen fewer times become &lt;unk&gt;; 2 drops one-off typos.</summary>
    public int MinCount { get; init; } = 2;

    public RecurrentCellKind Cell { get; init; } = RecurrentCellKind.Lstm;

    /// <summary>Null: 64, or the word vectors' dimension.</summary>
    public int? Embedding { get; init; }

    /// <summary>256 units, 2 layers: char-rnn's small configuration, which trains on two cores in minutes.</summary>
    public int Hidden { get; init; } = 256;

    public int Layers { get; init; } = 2;

    public double Dropout { get; init; }

    public double OutputDropout { get; init; }

    /// <summary>Train and validate only on documents of at most this many characters; null keeps all.</summary>
    public int? MaxDocumentChars { get; init; }

    /// <summary>64 steps of backpropagation through time; the carried state reaches further back.</summary>
    public int SeqLen { get; init; } = 64;

    public int Batch { get; init; } = 32;

    public string Optimizer { get; init; } = "adam";

    public double LearningRate { get; init; } = 2e-3;

    /// <summary>A learning-rate schedule: constant, step:N:GAMMA or exp:GAMMA.</summary>
    public string LearningRateDecay { get; init; } = "constant";

    public double Clip { get; init; } = 5;

    public double? Epochs { get; init; }

    public long? Steps { get; init; }

    public double? Minutes { get; init; }

    /// <summary>10% held out: enough to measure, little lost from training.</summary>
    public double ValFraction { get; init; } = 0.1;

    public int ValEvery { get; init; } = 200;

    /// <summary>Measure at most this many validation tokens per evaluation; null measures them all.</summary>
    public int? ValTokens { get; init; }

    public int Patience { get; init; }

    public ulong Seed { get; init; } = 1;

    public string? WordVectors { get; init; }

    public bool FreezeEmbedding { get; init; }

    public required string Out { get; init; }

    public bool Resume { get; init; }
}
