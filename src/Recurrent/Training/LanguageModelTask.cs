using System.Text.Json.Nodes;
using Recurrent.Models;

namespace Recurrent.Training;

/// <summary>
/// A language model in training, for <see cref="TrainingLoop"/>: steps of the <see cref="Trainer{T}"/> over the
/// training stream, and the validation stream measured the same stateful way (<see cref="LanguageModelEvaluator"/>).
/// </summary>
/// <param name="maxValidationTokens">
/// measure only the first this many validation tokens; a forward pass over a large held-out set can cost more than
/// the training between two evaluations
/// </param>
public sealed class LanguageModelTask(Trainer<float> trainer, TokenStreamBatches data, int[] validationTokens, int maxValidationTokens = int.MaxValue) : ITrainingTask
{
    public Trainer<float> Trainer => trainer;

    public long Step => trainer.Step;

    public long Epoch => data.Epoch;

    public int ItemsPerStep => data.Steps * data.Batch;

    public TrainingStepResult TrainStep() => trainer.TrainStep();

    public double? Validate() => validationTokens.Length < 2 ? null
        : LanguageModelEvaluator.Evaluate(trainer.Model, validationTokens.AsSpan(0, Math.Min(validationTokens.Length, maxValidationTokens)), data.Steps, data.Batch).NatsPerToken;

    public void SaveModel(string path) => ModelFile.Save(trainer.Model, path);

    public void SaveCheckpoint(string path, JsonObject runState) => Checkpoint.Save(trainer, path, runState);
}
