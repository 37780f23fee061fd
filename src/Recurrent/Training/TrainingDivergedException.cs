namespace Recurrent.Training;

/// <summary>The loss or the gradient became NaN or infinite; training stopped before updating the weights.</summary>
public sealed class TrainingDivergedException(long step, string message) : RecurrentException(message)
{
    /// <summary>The 1-based step whose loss or gradient was not finite.</summary>
    public long Step { get; } = step;
}
