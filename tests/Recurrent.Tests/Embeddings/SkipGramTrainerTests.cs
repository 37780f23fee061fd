using Recurrent.Embeddings;
using Recurrent.Tensors;

namespace Recurrent.Tests.Embeddings;

public class SkipGramTrainerTests
{
    private static readonly string[] Animals = ["cat", "dog", "pet", "fur", "paw", "bark"];
    private static readonly string[] Machines = ["car", "road", "wheel", "engine", "fuel", "brake"];

    /// <summary>Sentences about one topic each: words of a topic share contexts, so their vectors should end up close.</summary>
    private static List<string> Corpus()
    {
        var rng = new Rng(5);
        return Enumerable.Range(0, 600).Select(i =>
        {
            var topic = i % 2 == 0 ? Animals : Machines;
            return string.Join(' ', Enumerable.Range(0, 10).Select(_ => topic[rng.NextInt(topic.Length)]));
        }).ToList();
    }

    private static WordVectors Train(int threads) => new SkipGramTrainer(Corpus(), new SkipGramOptions
    {
        Dimension = 16, Window = 3, Negative = 5, MinCount = 1, Sample = 0, Epochs = 3, Threads = threads, Seed = 2,
    }).Train();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void WordsOfTheSameTopicEndUpNearEachOther(int threads)
    {
        var vectors = Train(threads);
        var normalized = vectors.Normalized();
        foreach (var word in Animals.Concat(Machines))
        {
            var id = vectors.Find(word)!.Value;
            var nearest = WordVectors.Nearest(normalized, 16, normalized.AsSpan(id * 16, 16), 3, new HashSet<int> { id });
            var topic = Animals.Contains(word) ? Animals : Machines;
            Assert.All(nearest, n => Assert.Contains(vectors.Words[n.Id], topic));
        }
    }

    [Fact]
    public void OneThreadIsReproducible()
    {
        Assert.Equal(Train(1).Vectors, Train(1).Vectors);
    }

    [Fact]
    public void VocabularyIsMostFrequentFirstAboveTheMinimumCount()
    {
        var trainer = new SkipGramTrainer(["b a b c b a"], new SkipGramOptions { MinCount = 2, Threads = 1 });
        Assert.Equal(["b", "a"], trainer.Words);
        Assert.Equal(5 * 5, trainer.WordsToTrain);
        Assert.Throws<InvalidDataException>(() => new SkipGramTrainer(["a b c"], new SkipGramOptions { MinCount = 2 }));
    }
}
