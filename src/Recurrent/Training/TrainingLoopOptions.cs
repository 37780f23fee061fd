namespace Recurrent.Training;

/// <summary>When <see cref="TrainingLoop"/> evaluates and when it stops.</summary>
public sealed record TrainingLoopOptions
{
    /// <summary>Stop when the step count reaches this; null for no step limit.</summary>
    public long? MaxSteps { get; init; }

    /// <summary>Stop once this much time has passed in this run; null for no time limit.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Measure on validation data, log metrics and save every this many steps; 200 keeps the cost of evaluation a small share.</summary>
    public int EvaluateEvery { get; init; } = 200;

    /// <summary>Stop after this many evaluations without a better validation loss; 0 never stops early.</summary>
    public int Patience { get; init; }

    /// <summary>Title of the loss plot.</summary>
    public string PlotTitle { get; init; } = "Training";

    /// <summary>The loss plot's vertical axis: what the task's loss measures.</summary>
    public string LossLabel { get; init; } = "loss (nats per token)";
}
