namespace Recurrent.Optim;

/// <summary>ηₜ = η·γ^⌊t / stepSize⌋, as <c>torch.optim.lr_scheduler.StepLR</c>: the rate drops by γ every stepSize steps.</summary>
public sealed record StepDecaySchedule : LearningRateSchedule
{
    public StepDecaySchedule(int stepSize, double gamma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
        if (!double.IsFinite(gamma) || gamma < 0) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "Gamma must be finite and non-negative.");
        StepSize = stepSize;
        Gamma = gamma;
    }

    public int StepSize { get; }

    public double Gamma { get; }

    public override double LearningRateAt(long step, double baseLearningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return baseLearningRate * Math.Pow(Gamma, step / StepSize);
    }
}
