using System.Text.Json.Nodes;
using Recurrent.Layers.Recurrent;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Text;

namespace Recurrent.Tests.Text;

public class TextGeneratorTests
{
    private static readonly CharTokenizer Tokenizer = CharTokenizer.FromDocuments(["abcde"], documentBoundaries: true);

    private static SequenceModel<float> Model(RecurrentCellKind cell) => new(new SequenceModelConfig
    {
        Cell = cell, VocabSize = Tokenizer.VocabularySize, EmbeddingSize = 4, HiddenSize = 8, NumLayers = 2, OutputSize = Tokenizer.VocabularySize,
        Extra = new JsonObject { [Tokenizers.ConfigKey] = Tokenizer.ToJson() },
    }, new Rng(9));

    [Theory]
    [InlineData(RecurrentCellKind.Lstm)]
    [InlineData(RecurrentCellKind.Gru)]
    public void CarryingTheStateGivesWhatRereadingTheWholePrefixGives(RecurrentCellKind cell)
    {
        var model = Model(cell);
        var generated = new TextGenerator(model, Tokenizer).Generate("ab", 12, new TokenSampler(new Rng(1)), 0, 0, 1).ToList();

        // Greedy by re-reading <bos> + prime + everything drawn so far from a zero state at every step.
        var vocabulary = Tokenizer.VocabularySize;
        List<int> sequence = [Tokenizer.BeginOfDocument!.Value, .. Tokenizer.Encode("ab")];
        var reread = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            model.Forward(sequence.ToArray(), sequence.Count, 1);
            var last = model.Logits[^vocabulary..].ToArray();
            var next = Array.IndexOf(last, last.Max());
            if (next == Tokenizer.EndOfDocument) break;
            reread.Add(next);
            sequence.Add(next);
        }
        Assert.Equal(reread, generated);
    }

    [Fact]
    public void StopsAtTheEndOfTheDocument()
    {
        var model = Model(RecurrentCellKind.Gru);
        // A head that always prefers <eos>: generation ends before any text.
        model.Parameters.Find("head.bias")!.Value[Tokenizer.EndOfDocument!.Value] = 100;
        Assert.Empty(new TextGenerator(model, Tokenizer).Generate("abc", 50, new TokenSampler(new Rng(1)), 1, 0, 1));
    }

    [Fact]
    public void UnknownIsNeverDrawnWhenBarredEvenWhenTheModelPrefersIt()
    {
        var words = WordTokenizer.FromDocuments(["the cat sat on the mat"], minCount: 1);
        var model = new SequenceModel<float>(new SequenceModelConfig
        {
            Cell = RecurrentCellKind.Gru, VocabSize = words.VocabularySize, EmbeddingSize = 4, HiddenSize = 6, OutputSize = words.VocabularySize,
        }, new Rng(2));
        var bias = model.Parameters.Find("head.bias")!.Value;
        bias[words.Unknown!.Value] = 5;        // p(<unk>) ≈ 0.96 at temperature 1
        bias[words.EndOfDocument!.Value] = -50; // never end, so every sample is full length
        var generator = new TextGenerator(model, words);
        List<int> Draw(bool drawUnknown) => [.. generator.Generate("the", 200, new TokenSampler(new Rng(4)), 1, 0, 1, drawUnknown)];

        Assert.Contains(words.Unknown.Value, Draw(drawUnknown: true));
        var barred = Draw(drawUnknown: false);
        Assert.Equal(200, barred.Count);
        Assert.DoesNotContain(words.Unknown.Value, barred);
        Assert.Null(Tokenizer.Unknown);
    }

    [Fact]
    public void SameSeedSameTextAndAModelForRunningTextNeedsAPrime()
    {
        var model = Model(RecurrentCellKind.Lstm);
        int[] Draw(ulong seed) => [.. new TextGenerator(model, Tokenizer).Generate("a", 30, new TokenSampler(new Rng(seed)), 1.5, 0, 1)];
        Assert.Equal(Draw(3), Draw(3));
        Assert.NotEqual(Draw(3), Draw(4));
        var plain = CharTokenizer.FromText("ab");
        Assert.Contains("--prime", Assert.Throws<ArgumentException>(() => new TextGenerator(model, plain).PrimeIds("")).Message);
    }
}
