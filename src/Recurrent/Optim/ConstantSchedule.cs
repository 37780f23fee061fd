namespace Recurrent.Optim;

/// <summary>ηₜ = η: the base rate at every step.</summary>
public sealed record ConstantSchedule : LearningRateSchedule
{
    public override double LearningRateAt(long step, double baseLearningRate) => baseLearningRate;
}
