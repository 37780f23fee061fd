using Recurrent.Training;

namespace Recurrent.Tests.Training;

public class TokenStreamBatchesTests
{
    [Fact]
    public void LanesContinueAcrossBatchesAndTargetsAreTheNextToken()
    {
        // 2 lanes of 10 tokens: lane 0 = 0..9, lane 1 = 10..19; windows of 3 → 3 windows per epoch.
        var data = new TokenStreamBatches(Enumerable.Range(0, 20).ToArray(), steps: 3, batch: 2);
        Assert.Equal(3, data.WindowsPerEpoch);
        var inputs = new int[6];
        var targets = new int[6];

        Assert.False(data.ContinuesPrevious);
        data.Next(inputs, targets);
        Assert.Equal([0, 10, 1, 11, 2, 12], inputs);   // time-major (T, B)
        Assert.Equal([1, 11, 2, 12, 3, 13], targets);

        Assert.True(data.ContinuesPrevious);
        data.Next(inputs, targets);
        Assert.Equal([3, 13, 4, 14, 5, 15], inputs);

        data.Next(inputs, targets);
        Assert.False(data.ContinuesPrevious);
        Assert.Equal(1, data.Epoch);
        data.Next(inputs, targets);
        Assert.Equal([0, 10, 1, 11, 2, 12], inputs);
    }

    [Fact]
    public void PositionCanBeRestored()
    {
        var data = new TokenStreamBatches(Enumerable.Range(0, 50).ToArray(), 4, 2);
        var expected = new int[8];
        var scratch = new int[8];
        data.Next(scratch, scratch);
        data.Next(expected, scratch);
        data.Position = 1;
        var actual = new int[8];
        data.Next(actual, scratch);
        Assert.Equal(expected, actual);
    }
}
