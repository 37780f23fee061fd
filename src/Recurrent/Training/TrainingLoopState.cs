using System.Text.Json.Nodes;

namespace Recurrent.Training;

/// <summary>
/// What <see cref="TrainingLoop"/> must remember across a resume: the best validation loss and how many
/// evaluations have passed without beating it, and the training losses summed since the last evaluation.
/// </summary>
public sealed record TrainingLoopState(double? BestLoss, int EvaluationsSinceBest, double TrainLossSum, int TrainLossCount)
{
    public static TrainingLoopState Fresh { get; } = new(null, 0, 0, 0);

    public JsonObject ToJson() => new()
    {
        ["best_loss"] = BestLoss,
        ["evaluations_since_best"] = EvaluationsSinceBest,
        ["train_loss_sum"] = TrainLossSum,
        ["train_loss_count"] = TrainLossCount,
    };

    /// <summary>Reads what <see cref="ToJson"/> wrote; a missing state is a fresh one.</summary>
    public static TrainingLoopState FromJson(JsonObject? json, string source)
    {
        if (json is null) return Fresh;
        try
        {
            return new TrainingLoopState(
                json["best_loss"]?.GetValue<double>(),
                json["evaluations_since_best"]?.GetValue<int>() ?? 0,
                json["train_loss_sum"]?.GetValue<double>() ?? 0,
                json["train_loss_count"]?.GetValue<int>() ?? 0);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{source}: the checkpoint's run state is damaged ({e.Message}).");
        }
    }
}
