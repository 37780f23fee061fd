namespace Recurrent.Optim;

/// <summary>ηₜ = η·γᵗ, as <c>torch.optim.lr_scheduler.ExponentialLR</c>.</summary>
public sealed record ExponentialDecaySchedule : LearningRateSchedule
{
    public ExponentialDecaySchedule(double gamma)
    {
        if (!double.IsFinite(gamma) || gamma < 0) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "Gamma must be finite and non-negative.");
        Gamma = gamma;
    }

    public double Gamma { get; }

    /// <remarks>
    /// Closed form; PyTorch multiplies by γ once per step instead, which differs only by rounding (about t ulps).
    /// </remarks>
    public override double LearningRateAt(long step, double baseLearningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return baseLearningRate * Math.Pow(Gamma, step);
    }
}
