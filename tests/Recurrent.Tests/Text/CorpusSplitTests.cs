using Recurrent.Text;

namespace Recurrent.Tests.Text;

public class CorpusSplitTests
{
    private static readonly Corpus Jokes = new([.. Enumerable.Range(0, 100).Select(i => $"joke {i}")], true, []);

    [Fact]
    public void DocumentsGoWholeToOneSideDeterministicallyBySeed()
    {
        var (train, validation) = CorpusSplit.Split(Jokes, 0.1, seed: 7);
        Assert.Equal(90, train.Count);
        Assert.Equal(10, validation.Count);
        Assert.Empty(train.Intersect(validation));
        Assert.Equal(Jokes.Documents.Order(), train.Concat(validation).Order());
        Assert.Equal(validation, CorpusSplit.Split(Jokes, 0.1, seed: 7).Validation);
        Assert.NotEqual(validation, CorpusSplit.Split(Jokes, 0.1, seed: 8).Validation);
    }

    [Fact]
    public void RunningTextKeepsItsLastPartForValidation()
    {
        var (train, validation) = CorpusSplit.Split(new Corpus(["0123456789"], false, []), 0.2, seed: 1);
        Assert.Equal(["01234567"], train);
        Assert.Equal(["89"], validation);
    }

    [Fact]
    public void TooFewDocumentsOrABadFractionIsAClearError()
    {
        Assert.Contains("too few", Assert.Throws<InvalidDataException>(() => CorpusSplit.Split(new Corpus(["a", "b"], true, []), 0.1, 1)).Message);
        Assert.Throws<ArgumentException>(() => CorpusSplit.Split(Jokes, 1.0, 1));
    }
}
