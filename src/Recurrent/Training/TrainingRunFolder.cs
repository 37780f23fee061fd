namespace Recurrent.Training;

/// <summary>
/// The files a training run writes into its output folder: the best model, the latest checkpoint, one metrics
/// line per evaluation, and the loss plot.
/// </summary>
public sealed record TrainingRunFolder(string Directory)
{
    /// <summary>Weights with the best validation loss so far.</summary>
    public string ModelPath => Path.Combine(Directory, "model.safetensors");

    /// <summary>The latest state, from which <c>--resume</c> continues exactly.</summary>
    public string CheckpointPath => Path.Combine(Directory, "checkpoint.safetensors");

    public string MetricsPath => Path.Combine(Directory, "metrics.jsonl");

    public string PlotPath => Path.Combine(Directory, "loss.svg");
}
