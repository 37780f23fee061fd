using Recurrent.Embeddings;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Embeddings;

public sealed class AnalogyEvaluationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // Gender along the first two axes, royalty along the third: woman − man + king lands on queen.
    private static readonly WordVectors Vectors = new(["man", "woman", "King", "queen", "apple"],
        [1, 0, 0.1f, 0, 1, 0.1f, 1, 0, 1, 0, 1, 1, 0.2f, 0.2f, -1], 3);

    [Fact]
    public void CountsCorrectAnsweredAndUnknownPerSectionAndOverall()
    {
        var path = _directory.PathOf("q.txt");
        File.WriteAllText(path, ": family\nman woman king queen\nman woman apple king\n: other\nman woman zebra queen\nMAN WOMAN KING QUEEN\n");
        var results = AnalogyEvaluation.Evaluate(Vectors, path);
        Assert.Equal(
        [
            new AnalogyEvaluation.SectionResult("family", 1, 2, 0),
            new AnalogyEvaluation.SectionResult("other", 1, 1, 1),
            new AnalogyEvaluation.SectionResult("total", 2, 3, 1),
        ], results);
        Assert.Equal(2 / 3.0, results[^1].Accuracy, 12);
    }

    [Fact]
    public void RestrictLeavesRareWordsUnknownAndBadLinesAreErrors()
    {
        var path = _directory.PathOf("q.txt");
        File.WriteAllText(path, "man woman king queen\n");
        Assert.Equal(1, AnalogyEvaluation.Evaluate(Vectors, path, restrict: 3)[^1].Unknown);
        File.WriteAllText(path, "man woman king\n");
        Assert.Contains("line 1 should hold four words", Assert.Throws<InvalidDataException>(() => AnalogyEvaluation.Evaluate(Vectors, path)).Message);
    }
}
