using Recurrent.Wake;

namespace Recurrent.Tests.Wake;

public class TriggerTests
{
    /// <summary>A hop of 160 and frame of 400 samples at 16 kHz: frame t ends at 0.01·t + 0.025 s.</summary>
    private static List<Detection> Run(TriggerRule rule, params float[] probabilities)
    {
        var detections = new List<Detection>();
        new Trigger(rule, 160, 400, 16000).Process(probabilities, detections);
        return detections;
    }

    [Fact]
    public void FiresWhenEnoughConsecutiveFramesAreAboveTheThreshold()
    {
        var detections = Run(new TriggerRule { Threshold = 0.5, MinFrames = 3 }, 0.9f, 0.9f, 0.1f, 0.6f, 0.7f, 0.95f, 0.8f);

        var detection = Assert.Single(detections);
        Assert.Equal(0.075, detection.Seconds, 9); // frame 5, the third of the run 3-5
        Assert.Equal(0.95, detection.Score, 6);
    }

    [Fact]
    public void RefractoryPeriodSuppressesASecondRunSoonAfter()
    {
        var rule = new TriggerRule { MinFrames = 1, RefractorySeconds = 0.05 };
        // Runs start at frames 0, 2 (20 ms later: suppressed) and 7 (70 ms later: fires).
        var detections = Run(rule, 0.9f, 0.1f, 0.9f, 0.1f, 0.1f, 0.1f, 0.1f, 0.9f);
        Assert.Equal([0.025, 0.095], detections.Select(d => Math.Round(d.Seconds, 9)));
    }

    [Fact]
    public void ALongRunFiresOnceEvenWithoutRefractoryPeriod()
    {
        var rule = new TriggerRule { MinFrames = 2, RefractorySeconds = 0 };
        Assert.Single(Run(rule, Enumerable.Repeat(0.99f, 50).ToArray()));
    }

    [Fact]
    public void InvalidRuleIsExplained()
    {
        var error = Assert.Throws<ArgumentException>(() => new Trigger(new TriggerRule { Threshold = 1.5 }, 160, 400, 16000));
        Assert.Contains("threshold", error.Message);
    }
}
