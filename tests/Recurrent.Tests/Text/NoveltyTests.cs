using Recurrent.Text;

namespace Recurrent.Tests.Text;

public class NoveltyTests
{
    [Fact]
    public void CountsWordEightGramsCopiedFromTraining()
    {
        var novelty = new Novelty(["the quick brown fox jumps over the lazy dog today"], words: true);
        Assert.Equal(1.0, novelty.CopiedShare("quick brown fox jumps over the lazy dog"));
        // Nine words: two 8-grams, the first copied and the second not.
        Assert.Equal(0.5, novelty.CopiedShare("the quick brown fox jumps over the lazy cat"));
        Assert.Equal(0.0, novelty.CopiedShare("a b c d e f g h"));
        Assert.Null(novelty.CopiedShare("too short"));
    }

    [Fact]
    public void CharacterModelsUseThirtyTwoCharacterWindows()
    {
        var training = new string('a', 10) + "0123456789012345678901234567890123456789";
        var novelty = new Novelty([training], words: false);
        Assert.Equal(32, novelty.N);
        Assert.Equal(1.0, novelty.CopiedShare("01234567890123456789012345678901"));
        Assert.Equal(0.0, novelty.CopiedShare("x1234567890123456789012345678901"));
    }
}
