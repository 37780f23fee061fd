using System.Text;
using Recurrent.Tests.Support;
using Recurrent.Text;

namespace Recurrent.Tests.Text;

public sealed class CorpusReaderTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Write(string name, string text)
    {
        var path = _directory.PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void FortuneFilesSplitOnPercentLinesAndDropEmptyEntries()
    {
        var path = Write("jokes", "First joke,\nsecond line.\n%\n%\nSecond joke.\r\n%\n");
        var corpus = CorpusReader.Read([path], CorpusFormat.Parse("fortune"));
        Assert.True(corpus.HasDocuments);
        Assert.Equal(["First joke,\nsecond line.", "Second joke."], corpus.Documents);
    }

    [Fact]
    public void KeepingShortDocumentsCountsCharactersAndRefusesRunningText()
    {
        var path = Write("jokes", "Short one.\n%\nA much longer joke than the limit.\n%\nNaïve café\n%\n");
        var corpus = CorpusReader.Read([path], CorpusFormat.Parse("fortune"));
        // "Naïve café" is 10 characters (Unicode scalar values), 12 UTF-8 bytes.
        Assert.Equal(["Short one.", "Naïve café"], corpus.KeepDocumentsUpTo(10).Documents);
        Assert.Equal([path], corpus.KeepDocumentsUpTo(10).Files);
        Assert.Contains("at most 5 characters", Assert.Throws<InvalidDataException>(() => corpus.KeepDocumentsUpTo(5)).Message);
        var text = CorpusReader.Read([Write("plain", "running text")], CorpusFormat.Parse("text"));
        Assert.Contains("corpus of documents", Assert.Throws<ArgumentException>(() => text.KeepDocumentsUpTo(100)).Message);
    }

    [Fact]
    public void LinesAreDocumentsAndTextIsOneRunningText()
    {
        var path = Write("a.txt", "one\n\ntwo  \n");
        Assert.Equal(["one", "two"], CorpusReader.Read([path], CorpusFormat.Parse("lines")).Documents);
        var text = CorpusReader.Read([path], CorpusFormat.Parse("text"));
        Assert.False(text.HasDocuments);
        Assert.Equal(["one\n\ntwo  \n"], text.Documents);
    }

    [Fact]
    public void CsvReadsTheNamedColumnWithQuotedCommasQuotesAndLineBreaks()
    {
        var path = Write("j.csv", "\"ID\",\"Joke\"\r\n1,\"He said \"\"hi\"\", then left, twice.\"\r\n2,\"Two\nlines\"\r\n3,plain\n");
        var corpus = CorpusReader.Read([path], CorpusFormat.Parse("csv:Joke"));
        Assert.Equal(["He said \"hi\", then left, twice.", "Two\nlines", "plain"], corpus.Documents);
        // Without a column name the one called "Joke" is found.
        Assert.Equal(corpus.Documents, CorpusReader.Read([path]).Documents);
    }

    [Fact]
    public void JsonLinesReadsTheNamedField()
    {
        var path = Write("d.jsonl", "{\"id\": 1, \"body\": \"Hello \\\"you\\\"\"}\n\n{\"id\": 2, \"body\": \"Bye\"}\n");
        Assert.Equal(["Hello \"you\"", "Bye"], CorpusReader.Read([path], CorpusFormat.Parse("jsonl:body")).Documents);
        Assert.Equal(["Hello \"you\"", "Bye"], CorpusReader.Read([path]).Documents);
    }

    [Fact]
    public void AFolderIsItsFilesInNameOrderSkippingLinksAndFortuneIndexes()
    {
        Directory.CreateDirectory(_directory.PathOf("f"));
        File.WriteAllText(_directory.PathOf("f/b"), "B1\n%\nB2\n");
        File.WriteAllText(_directory.PathOf("f/a"), "A1\n");
        File.WriteAllBytes(_directory.PathOf("f/a.dat"), [0, 1, 2, 3]);
        File.CreateSymbolicLink(_directory.PathOf("f/a.u8"), _directory.PathOf("f/a"));
        var corpus = CorpusReader.Read([_directory.PathOf("f")], CorpusFormat.Parse("fortune"));
        Assert.Equal(["A1", "B1", "B2"], corpus.Documents);
        Assert.Equal(2, corpus.Files.Count);
    }

    [Fact]
    public void SeveralFilesAreReadInTheOrderGiven()
    {
        var first = Write("1.txt", "x\ny\n");
        var second = Write("2.txt", "z\n");
        Assert.Equal(["z", "x", "y"], CorpusReader.Read([second, first], CorpusFormat.Parse("lines")).Documents);
    }

    [Fact]
    public void GuessesFortuneFromPercentLines()
    {
        var path = Write("cookies", "a\n%\nb\n");
        Assert.Equal(["a", "b"], CorpusReader.Read([path]).Documents);
    }

    [Fact]
    public void CharactersAreUnicodeScalarValues()
    {
        var path = Write("u.txt", "é😀");
        Assert.Equal(2, CorpusReader.Read([path]).CharacterCount);
    }

    [Fact]
    public void AByteOrderMarkIsNotText()
    {
        var path = _directory.PathOf("bom.txt");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, (byte)'h', (byte)'i']);
        Assert.Equal(["hi"], CorpusReader.Read([path]).Documents);
    }

    [Fact]
    public void InvalidUtf8NamesTheFileAndByteOffset()
    {
        var path = _directory.PathOf("bad.txt");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes("abcé"), 0xC3, 0x28, (byte)'x']);
        var error = Assert.Throws<InvalidDataException>(() => CorpusReader.Read([path]));
        Assert.Contains(path, error.Message);
        Assert.Contains("invalid UTF-8 at byte offset 5", error.Message);
    }

    [Fact]
    public void ABinaryFileIsNotText()
    {
        var path = _directory.PathOf("model.bin");
        File.WriteAllBytes(path, [1, 2, 0, 4]);
        Assert.Contains("not a text file", Assert.Throws<InvalidDataException>(() => CorpusReader.Read([path])).Message);
    }

    [Fact]
    public void EmptyCorpusMissingColumnAndMissingFileAreClearErrors()
    {
        var empty = Write("empty.txt", "\n%\n");
        Assert.Contains("the corpus is empty", Assert.Throws<InvalidDataException>(() => CorpusReader.Read([empty], CorpusFormat.Parse("fortune"))).Message);
        var csv = Write("t.csv", "ID,Joke\n1,x\n");
        var missing = Assert.Throws<InvalidDataException>(() => CorpusReader.Read([csv], CorpusFormat.Parse("csv:Text")));
        Assert.Contains("no column 'Text'", missing.Message);
        Assert.Contains("'Joke'", missing.Message);
        Assert.Contains("no such file", Assert.Throws<FileNotFoundException>(() => CorpusReader.Read([_directory.PathOf("nope")])).Message);
    }

    [Fact]
    public void MalformedCsvAndJsonLinesNameTheLine()
    {
        var csv = Write("q.csv", "ID,Joke\n1,\"never closed\n2,x\n");
        Assert.Contains("line 2: a quoted field is never closed", Assert.Throws<InvalidDataException>(() => CorpusReader.Read([csv])).Message);
        var stray = Write("s.csv", "ID,Joke\n1,\"a\"b\n");
        Assert.Contains("line 2: text after a closing quote", Assert.Throws<InvalidDataException>(() => CorpusReader.Read([stray])).Message);
        var jsonl = Write("j.jsonl", "{\"text\": \"ok\"}\n{\"text\": \n");
        Assert.Contains("line 2 is not valid JSON", Assert.Throws<InvalidDataException>(() => CorpusReader.Read([jsonl])).Message);
        var number = Write("n.jsonl", "{\"text\": 5}\n");
        Assert.Contains("field 'text' is number, not a string", Assert.Throws<InvalidDataException>(() => CorpusReader.Read([number])).Message);
        var missing = Write("m.jsonl", "{\"a\": \"x\"}\n{\"b\": \"y\"}\n");
        Assert.Contains("line 2 has no field 'a'", Assert.Throws<InvalidDataException>(() => CorpusReader.Read([missing])).Message);
    }

    [Fact]
    public void FormatNamesParseAndBadOnesAreRejected()
    {
        Assert.Equal(new CorpusFormat(CorpusLayout.Csv, "Joke"), CorpusFormat.Parse("csv:Joke"));
        Assert.Equal("jsonl:text", CorpusFormat.Parse("jsonl:text").ToString());
        Assert.Throws<ArgumentException>(() => CorpusFormat.Parse("xml"));
        Assert.Throws<ArgumentException>(() => CorpusFormat.Parse("lines:x"));
        Assert.Throws<ArgumentException>(() => CorpusFormat.Parse("csv:"));
    }
}
