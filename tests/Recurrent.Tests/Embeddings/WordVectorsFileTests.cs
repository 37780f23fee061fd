using Recurrent.Embeddings;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Embeddings;

public sealed class WordVectorsFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static readonly WordVectors Sample = new(["the", "café", "x"], [0.5f, -1.25f, 1e-7f, 3f, float.Epsilon, -0f], 2);

    [Theory]
    [InlineData(WordVectorsFormat.Word2VecText)]
    [InlineData(WordVectorsFormat.Word2VecBinary)]
    [InlineData(WordVectorsFormat.GloveText)]
    public void EveryFormatRoundTripsExactlyAndIsDetected(WordVectorsFormat format)
    {
        var path = _directory.PathOf("v");
        WordVectorsFile.Write(path, Sample, format);
        Assert.Equal(format, WordVectorsFile.Detect(path));
        var read = WordVectorsFile.Read(path);
        Assert.Equal(Sample.Words, read.Words);
        Assert.Equal(2, read.Dimension);
        Assert.Equal(Sample.Vectors, read.Vectors);
    }

    [Fact]
    public void ReadsTheWord2VecTextLayoutWrittenByOtherTools()
    {
        var path = _directory.PathOf("v.txt");
        File.WriteAllText(path, "2 3\nking 0.1 0.2 0.3 \nqueen -1 2e-1 0\n");
        var vectors = WordVectorsFile.Read(path);
        Assert.Equal(1, vectors.Find("queen"));
        Assert.Equal([-1f, 0.2f, 0f], vectors[1].ToArray());
    }

    [Fact]
    public void MalformedFilesAreClearErrors()
    {
        var ragged = _directory.PathOf("ragged.txt");
        File.WriteAllText(ragged, "a 1 2 3\nb 1 2\n");
        Assert.Contains("line 2 has 2 numbers; every vector has 3", Assert.Throws<InvalidDataException>(() => WordVectorsFile.Read(ragged)).Message);
        var word = _directory.PathOf("word.txt");
        File.WriteAllText(word, "a 1 x\n");
        Assert.Contains("'x' is not a number", Assert.Throws<InvalidDataException>(() => WordVectorsFile.Read(word)).Message);
        var truncated = _directory.PathOf("t.bin");
        WordVectorsFile.Write(truncated, Sample, WordVectorsFormat.Word2VecBinary);
        File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..^6]);
        Assert.Contains("ends inside word 3 of 3", Assert.Throws<InvalidDataException>(() => WordVectorsFile.Read(truncated, WordVectorsFormat.Word2VecBinary)).Message);
        Assert.Throws<FileNotFoundException>(() => WordVectorsFile.Read(_directory.PathOf("none")));
    }
}
