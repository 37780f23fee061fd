using Recurrent.Text;

namespace Recurrent.Tests.Text;

public class CharTokenizerTests
{
    [Fact]
    public void RoundTripsTextIncludingCharactersOutsideTheBasicPlane()
    {
        var text = "héllo 😀 world";
        var tokenizer = CharTokenizer.FromText(text);
        Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
        Assert.Equal(text.EnumerateRunes().Count(), tokenizer.Encode(text).Length);
    }

    [Fact]
    public void VocabularyIsOrdinalAndDistinct()
    {
        var tokenizer = CharTokenizer.FromText("cabbac");
        Assert.Equal(3, tokenizer.VocabularySize);
        Assert.Equal([2, 0, 1], tokenizer.Encode("cab"));
    }

    [Fact]
    public void UnknownCharacterAndEmptyTextAreClearErrors()
    {
        Assert.Contains("'z'", Assert.Throws<RecurrentException>(() => CharTokenizer.FromText("ab").Encode("az")).Message);
        Assert.Contains("empty", Assert.Throws<RecurrentException>(() => CharTokenizer.FromText("")).Message);
    }
}
