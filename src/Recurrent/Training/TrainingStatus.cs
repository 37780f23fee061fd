namespace Recurrent.Training;

/// <summary>Where a run stands, for a progress display: after every step, and after every evaluation.</summary>
/// <param name="TrainLoss">mean training loss over the last few steps (single steps are too noisy to read)</param>
/// <param name="Remaining">estimated time to the step or time limit, when there is one</param>
/// <param name="Evaluation">the metrics just recorded, when this status follows an evaluation</param>
public sealed record TrainingStatus(
    long Step, long? MaxSteps, long Epoch, double TrainLoss, double? ValLoss, double ItemsPerSecond,
    TimeSpan Elapsed, TimeSpan? Remaining, TrainingMetrics? Evaluation);
