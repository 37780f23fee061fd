using System.Diagnostics;
using System.Numerics.Tensors;
using Recurrent.Tensors;

namespace Recurrent.Embeddings;

/// <summary>
/// Word vectors by skip-gram with negative sampling (Mikolov et al. 2013), as the original word2vec tool trains
/// them: for each word w and each context word c within a randomly shrunk window, with v = input vector of c and
/// u = output vectors, maximise ln σ(u_w·v) + Σ_{k=1..K} ln σ(−u_{n_k}·v), the negatives n_k drawn from the unigram
/// distribution raised to 3/4. Frequent words are dropped at random with probability
/// 1 − (√(f/(s·N)) + 1)·(s·N)/f (f the word's count, N all words, s the threshold), and the learning rate falls
/// linearly from its start to 10⁻⁴ of it over all words of all epochs. Threads update the shared vectors without
/// locks (Hogwild), each over its own share of the sentences.
/// </summary>
public sealed class SkipGramTrainer
{
    /// <summary>word2vec splits longer runs of words into sentences of this many.</summary>
    private const int MaxSentenceLength = 1000;

    /// <summary>Entries of the negative-sampling table; word2vec uses 10⁸, 10⁷ resolves the same distribution to 10⁻⁷.</summary>
    private const int UnigramTableSize = 10_000_000;

    /// <summary>σ(x) is taken as exactly 0 or 1 beyond ±6, as in word2vec, where the gradient is negligible.</summary>
    private const float MaxExponent = 6;

    private readonly SkipGramOptions _options;
    private readonly string[] _words;
    private readonly long[] _counts;
    private readonly int[][] _sentences;
    private readonly int[] _unigramTable;
    private readonly long _totalWords;

    /// <param name="documents">texts split on whitespace, as word2vec reads its input</param>
    public SkipGramTrainer(IEnumerable<string> documents, SkipGramOptions options)
    {
        _options = options;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Dimension);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Window);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Negative);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MinCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Threads);
        var tokenized = documents.Select(d => d.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToList();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var words in tokenized)
            foreach (var word in words) counts[word] = counts.GetValueOrDefault(word) + 1;
        var vocabulary = counts.Where(p => p.Value >= options.MinCount)
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        if (vocabulary.Count == 0)
            throw new InvalidDataException($"No word occurs at least {options.MinCount} times (--min-count); the corpus is too small for word vectors.");
        _words = vocabulary.Select(p => p.Key).ToArray();
        _counts = vocabulary.Select(p => p.Value).ToArray();
        var ids = new Dictionary<string, int>(_words.Length, StringComparer.Ordinal);
        for (var i = 0; i < _words.Length; i++) ids[_words[i]] = i;
        _sentences = tokenized
            .Select(words => words.Where(ids.ContainsKey).Select(w => ids[w]).ToArray())
            .SelectMany(s => s.Chunk(MaxSentenceLength))
            .Where(s => s.Length > 0)
            .ToArray();
        _totalWords = _counts.Sum();
        _unigramTable = BuildUnigramTable(_counts);
    }

    public IReadOnlyList<string> Words => _words;

    /// <summary>Words in the vocabulary times epochs: what training reads.</summary>
    public long WordsToTrain => _totalWords * _options.Epochs;

    /// <summary>Trains and returns the input vectors, one per vocabulary word, most frequent first.</summary>
    /// <param name="progress">called now and then with the words processed so far</param>
    public WordVectors Train(Action<long>? progress = null)
    {
        int dimension = _options.Dimension, vocabulary = _words.Length;
        var input = new float[vocabulary * dimension];   // (V, D) the word vectors
        var output = new float[vocabulary * dimension];  // (V, D) the negative-sampling output weights, from zero
        var initRng = new Rng(_options.Seed);
        for (var i = 0; i < input.Length; i++) input[i] = (float)((initRng.NextDouble() - 0.5) / dimension);
        var keep = KeepProbabilities();
        long processed = 0;
        var threads = Math.Min(_options.Threads, Math.Max(1, _sentences.Length));
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
        {
            var rng = new Rng(_options.Seed + 1 + (ulong)thread);
            var gradient = new float[dimension];
            var sentence = new List<int>(MaxSentenceLength);
            var start = _sentences.Length * (long)thread / threads;
            var end = _sentences.Length * (long)(thread + 1) / threads;
            long local = 0;
            for (var epoch = 0; epoch < _options.Epochs; epoch++)
            {
                for (var s = start; s < end; s++)
                {
                    var words = _sentences[s];
                    local += words.Length;
                    if (local >= 10_000)
                    {
                        var total = Interlocked.Add(ref processed, local);
                        local = 0;
                        progress?.Invoke(total);
                    }
                    var done = Interlocked.Read(ref processed);
                    var learningRate = (float)Math.Max(_options.LearningRate * (1 - done / (double)(WordsToTrain + 1)), _options.LearningRate * 1e-4);
                    sentence.Clear();
                    foreach (var word in words)
                        if (keep[word] >= 1 || rng.NextDouble() < keep[word]) sentence.Add(word);
                    for (var position = 0; position < sentence.Count; position++)
                    {
                        var center = sentence[position];
                        var reach = _options.Window - rng.NextInt(_options.Window);
                        for (var other = Math.Max(0, position - reach); other <= Math.Min(sentence.Count - 1, position + reach); other++)
                        {
                            if (other == position) continue;
                            TrainPair(input, output, sentence[other], center, gradient, learningRate, rng);
                        }
                    }
                }
            }
            Interlocked.Add(ref processed, local);
        });
        progress?.Invoke(processed);
        ElapsedSeconds = clock.Elapsed.TotalSeconds;
        return new WordVectors(_words, input, dimension);
    }

    /// <summary>Wall time of the last <see cref="Train"/>.</summary>
    public double ElapsedSeconds { get; private set; }

    /// <summary>
    /// One positive pair (context word's input vector v, centre word's output vector) and K negatives: for target t
    /// with label y, g = η·(y − σ(u_t·v)); the input gradient e += g·u_t, then u_t += g·v; finally v += e.
    /// </summary>
    private void TrainPair(float[] input, float[] output, int context, int center, float[] gradient, float learningRate, Rng rng)
    {
        var dimension = _options.Dimension;
        var v = input.AsSpan(context * dimension, dimension);
        Array.Clear(gradient);
        for (var k = 0; k <= _options.Negative; k++)
        {
            int target;
            float label;
            if (k == 0)
            {
                target = center;
                label = 1;
            }
            else
            {
                target = _unigramTable[rng.NextInt(_unigramTable.Length)];
                if (target == center) continue;
                label = 0;
            }
            var u = output.AsSpan(target * dimension, dimension);
            var f = TensorPrimitives.Dot(v, u);
            var g = (label - (f > MaxExponent ? 1 : f < -MaxExponent ? 0 : 1 / (1 + MathF.Exp(-f)))) * learningRate;
            TensorPrimitives.MultiplyAdd(u, g, gradient, gradient);
            TensorPrimitives.MultiplyAdd(v, g, u, u);
        }
        TensorPrimitives.Add(v, gradient, v);
    }

    /// <summary>Per word, the probability of keeping it: (√(f/(sN)) + 1)·(sN)/f, or 1 without subsampling.</summary>
    private double[] KeepProbabilities()
    {
        var keep = new double[_counts.Length];
        var threshold = _options.Sample * _totalWords;
        for (var i = 0; i < keep.Length; i++)
            keep[i] = _options.Sample <= 0 ? 1 : (Math.Sqrt(_counts[i] / threshold) + 1) * threshold / _counts[i];
        return keep;
    }

    /// <summary>Word ids repeated in proportion to count^0.75, so a uniform index draws from the smoothed unigram distribution.</summary>
    private static int[] BuildUnigramTable(long[] counts)
    {
        var size = Math.Min(UnigramTableSize, Math.Max(1_000, counts.Length * 100));
        var table = new int[size];
        var total = counts.Sum(c => Math.Pow(c, 0.75));
        var word = 0;
        var cumulative = Math.Pow(counts[0], 0.75) / total;
        for (var i = 0; i < size; i++)
        {
            table[i] = word;
            if ((i + 1) / (double)size > cumulative && word < counts.Length - 1)
            {
                word++;
                cumulative += Math.Pow(counts[word], 0.75) / total;
            }
        }
        return table;
    }
}
