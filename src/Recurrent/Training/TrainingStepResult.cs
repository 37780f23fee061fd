namespace Recurrent.Training;

/// <summary>What one training step measured: its loss (mean nats per token), gradient norm before clipping, and learning rate.</summary>
public readonly record struct TrainingStepResult(long Step, double Loss, double GradientNorm, double LearningRate);
