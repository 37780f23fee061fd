using Recurrent.Text;

namespace Recurrent.Tests.Text;

public class WordTokenizerTests
{
    [Fact]
    public void SplitsWordsPunctuationAndLineBreaks()
    {
        Assert.Equal(["I", "don't", "know", ",", "Bob", "!", "\n", "42", "€"], WordTokenizer.Split("I don't know, Bob!\n42 €"));
    }

    [Fact]
    public void VocabularyHasSpecialsThenWordsByFrequencyAboveTheMinimumCount()
    {
        var tokenizer = WordTokenizer.FromDocuments(["b a b", "c b a"], minCount: 2);
        Assert.Equal(["<bos>", "<eos>", "<unk>", "b", "a"], tokenizer.Vocabulary);
        Assert.Equal([3, 4, 2], tokenizer.Encode("b a c"));
        Assert.Equal([2], tokenizer.Encode("zebra"));
    }

    [Fact]
    public void DecodeRestoresOrdinarySpacing()
    {
        var text = "Why did he say \"no\"? (Because, well...)\nThe end -- or is it?\n-- Anonymous";
        var tokenizer = WordTokenizer.FromDocuments([text], minCount: 1);
        Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
    }

    [Fact]
    public void ADamagedVocabularyIsRejected()
    {
        Assert.Throws<InvalidDataException>(() => new WordTokenizer(["a", "b", "c"]));
        Assert.Throws<InvalidDataException>(() => new WordTokenizer(["<bos>", "<eos>", "<unk>", "x", "x"]));
    }
}
