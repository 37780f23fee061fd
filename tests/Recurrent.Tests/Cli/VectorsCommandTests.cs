using System.Text.Json.Nodes;
using Recurrent.Embeddings;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Cli;

public sealed class VectorsCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void TrainThenNeighborsAnalogyAndEval()
    {
        var corpus = _directory.PathOf("corpus.txt");
        string[] a = ["red", "green", "blue"], b = ["one", "two", "three"];
        File.WriteAllLines(corpus, Enumerable.Range(0, 300).Select(i => string.Join(' ', Enumerable.Range(0, 8).Select(j => (i % 2 == 0 ? a : b)[(i + j * 7) % 3]))));
        var vectors = _directory.PathOf("v.bin");
        var (code, output, error) = CliRunner.Run("vectors", "train", "--data", corpus, "--format", "lines", "--dim", "8", "--min-count", "1",
            "--sample", "0", "--epochs", "3", "--threads", "1", "--out", vectors, "--out-format", "word2vec-binary");
        Assert.True(code == 0, error);
        Assert.Contains("words/s", output);
        Assert.Equal(WordVectorsFormat.Word2VecBinary, WordVectorsFile.Detect(vectors));
        Assert.Equal(6, WordVectorsFile.Read(vectors).Count);

        var neighbors = CliRunner.Run("vectors", "neighbors", "--vectors", vectors, "--top", "2", "red");
        Assert.True(neighbors.ExitCode == 0, neighbors.Error);
        var lines = neighbors.Output.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.True(l.EndsWith("green") || l.EndsWith("blue"), l));

        Assert.Equal(3, CliRunner.Run("vectors", "analogy", "--vectors", vectors, "--top", "3", "red", "green", "one").Output.Trim().Split('\n').Length);

        var questions = _directory.PathOf("q.txt");
        File.WriteAllText(questions, ": colours\nred green blue red\nred green zebra one\n");
        var eval = CliRunner.Run("vectors", "eval", "--vectors", vectors, "--questions", questions, "--json");
        Assert.True(eval.ExitCode == 0, eval.Error);
        var total = JsonNode.Parse(eval.Output)!.AsArray()[^1]!;
        Assert.Equal("total", total["section"]!.GetValue<string>());
        Assert.Equal(1, total["answered"]!.GetValue<int>());
        Assert.Equal(1, total["unknown"]!.GetValue<int>());
    }

    [Fact]
    public void AnUnknownWordIsAClearError()
    {
        var vectors = _directory.PathOf("v.txt");
        File.WriteAllText(vectors, "1 2\nhello 1 0\n");
        var (code, _, error) = CliRunner.Run("vectors", "neighbors", "--vectors", vectors, "world");
        Assert.Equal(1, code);
        Assert.Contains("'world' is not in the vocabulary", error);
    }
}
