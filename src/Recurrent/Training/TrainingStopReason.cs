namespace Recurrent.Training;

/// <summary>Why <see cref="TrainingLoop"/> stopped.</summary>
public enum TrainingStopReason
{
    /// <summary>The step, epoch or time budget is spent.</summary>
    Budget,

    /// <summary>The validation loss stopped improving for the patience given.</summary>
    EarlyStopping,

    /// <summary>Cancelled (Ctrl+C); a checkpoint was saved.</summary>
    Cancelled,
}
