using System.Text.Json.Nodes;
using Recurrent.Layers.Recurrent;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Tests.Support;
using Recurrent.Text;

namespace Recurrent.Tests.Text;

public sealed class TokenizersTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("char")]
    [InlineData("word")]
    public void TheTokenizerTravelsInsideTheModelFile(string level)
    {
        string[] documents = ["Knock knock.", "Who's there?", "Knock."];
        var tokenizer = Tokenizers.Build(level, documents, documentBoundaries: true, minCount: 1);
        var config = new SequenceModelConfig
        {
            Cell = RecurrentCellKind.Gru, VocabSize = tokenizer.VocabularySize, EmbeddingSize = 3, HiddenSize = 4,
            OutputSize = tokenizer.VocabularySize, Extra = new JsonObject { [Tokenizers.ConfigKey] = tokenizer.ToJson() },
        };
        var path = _directory.PathOf("m.safetensors");
        ModelFile.Save(new SequenceModel<float>(config, new Rng(1)), path);
        var loaded = Tokenizers.FromConfig(ModelFile.Load<float>(path).Config, path);
        Assert.Equal(level, loaded.Level);
        Assert.Equal(tokenizer.VocabularySize, loaded.VocabularySize);
        Assert.Equal(tokenizer.EndOfDocument, loaded.EndOfDocument);
        Assert.Equal(tokenizer.Encode("Who's there?"), loaded.Encode("Who's there?"));
        Assert.Equal("Who's there?", loaded.Decode(loaded.Encode("Who's there?")));
    }

    [Fact]
    public void CharTokenizerWithDocumentsAddsBoundariesAfterTheAlphabetSoOldIdsStay()
    {
        var plain = CharTokenizer.FromText("ba");
        var documents = CharTokenizer.FromDocuments(["ba"], documentBoundaries: true);
        Assert.Equal(plain.Encode("ab"), documents.Encode("ab"));
        Assert.Equal((2, 3, 4), (documents.BeginOfDocument!.Value, documents.EndOfDocument!.Value, documents.VocabularySize));
        Assert.Equal("ab", documents.Decode([2, 0, 1, 3]));
        Assert.Equal("<eos>", documents.TokenText(3));
        // A file saved before boundaries existed has no "documents" key and keeps its vocabulary.
        Assert.Null(plain.ToJson()["documents"]);
    }

    [Fact]
    public void DocumentStreamWrapsEveryDocumentInBoundaries()
    {
        var tokenizer = CharTokenizer.FromDocuments(["ab", "b"], documentBoundaries: true);
        Assert.Equal([2, 0, 1, 3, 2, 1, 3], DocumentStream.Encode(tokenizer, ["ab", "b"]));
        Assert.Equal([0, 1, 1], DocumentStream.Encode(CharTokenizer.FromText("ab"), ["ab", "b"]));
    }

    [Fact]
    public void AModelWithoutATokenizerOrAMismatchedOneIsAClearError()
    {
        var config = new SequenceModelConfig { VocabSize = 5, EmbeddingSize = 2, HiddenSize = 2, OutputSize = 5 };
        Assert.Contains("no tokenizer", Assert.Throws<InvalidDataException>(() => Tokenizers.FromConfig(config, "m")).Message);
        var wrong = config with { Extra = new JsonObject { [Tokenizers.ConfigKey] = CharTokenizer.FromText("ab").ToJson() } };
        Assert.Contains("vocab_size is 5", Assert.Throws<InvalidDataException>(() => Tokenizers.FromConfig(wrong, "m")).Message);
    }
}
