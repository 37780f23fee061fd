using System.Text.Json.Nodes;

namespace Recurrent.Training;

/// <summary>
/// What <see cref="TrainingLoop"/> drives: one model being trained (a language model, a wake-word detector),
/// which can take a step, measure itself on held-out data, and save its weights or its whole training state.
/// </summary>
public interface ITrainingTask
{
    /// <summary>Completed optimizer steps, counting those before a resume.</summary>
    long Step { get; }

    /// <summary>Completed passes over the training data.</summary>
    long Epoch { get; }

    /// <summary>Tokens (or frames, or examples) one step reads, for the throughput display.</summary>
    int ItemsPerStep { get; }

    TrainingStepResult TrainStep();

    /// <summary>The mean loss on the validation data, or null when there is none.</summary>
    double? Validate();

    /// <summary>Writes the model file (atomically).</summary>
    void SaveModel(string path);

    /// <summary>Writes a resumable checkpoint (atomically) holding <paramref name="runState"/> as well.</summary>
    void SaveCheckpoint(string path, JsonObject runState);
}
