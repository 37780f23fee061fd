using Recurrent.Wake;

namespace Recurrent.Tests.Wake;

public class MaxPoolTargetsTests
{
    [Fact]
    public void WindowRunsFromTheWordsStartToTheSpanAfterItsEnd()
    {
        // hop 10, frame 25: frame t ends at 10t + 25. Word 40–100, span 30: frames ending in [40, 130) are 2 to 10.
        Assert.Equal((2, 10), MaxPoolTargets.Window(20, (40, 100), 10, 25, 30));
        // Cut off by the last frame: frames 2 to 7 of 8.
        Assert.Equal((2, 7), MaxPoolTargets.Window(8, (40, 100), 10, 25, 30));
        // A word whose window starts after the last frame ends has none.
        Assert.Null(MaxPoolTargets.Window(3, (100, 150), 10, 25, 30));
    }

    [Fact]
    public void PrepareLeavesTheWindowsOutAndMakesEveryOtherFrameANegative()
    {
        var targets = Enumerable.Repeat(0.5f, 10).ToArray();
        var weights = new float[10];

        MaxPoolTargets.Prepare(targets, weights, [(2, 4), (7, 7)]);

        Assert.All(targets, y => Assert.Equal(0f, y));
        Assert.Equal([1f, 1f, 0f, 0f, 0f, 1f, 1f, 0f, 1f, 1f], weights);
    }

    [Fact]
    public void ChooseMakesEachWindowsHighestLogitThePositiveInItsOwnColumn()
    {
        // (T = 6, B = 2), time-major: column 1's logits are 0.1, 3, −1, 5, 2, 9; its window is frames 1 to 4.
        float[] logits = [0, 0.1f, 0, 3, 0, -1, 0, 5, 0, 2, 0, 9];
        var targets = new float[12];
        var weights = new float[12];
        MaxPoolTargets.Prepare(targets.AsSpan(), weights.AsSpan(), []);
        for (var t = 1; t <= 4; t++) weights[t * 2 + 1] = 0;

        MaxPoolTargets.Choose(logits, targets, weights, column: 1, batch: 2, [(1, 4)]);

        // Frame 3 (logit 5) wins inside the window; frame 5's 9 lies outside it and stays a negative.
        Assert.Equal([0f, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0], targets);
        Assert.Equal([1f, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1], weights);
    }
}
