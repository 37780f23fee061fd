using Recurrent.Optim;

namespace Recurrent.Wake;

/// <summary>Settings of a wake-word training run that a checkpoint keeps.</summary>
public sealed record WakeTrainingOptions
{
    /// <summary>Adam: robust with the default rate on small recurrent nets.</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>2e-3: Adam's usual range for a small GRU; higher diverges on rare positives.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>How the learning rate changes with the step (<see cref="LearningRateSchedule.Parse"/>); constant unless asked.</summary>
    public string Schedule { get; init; } = "constant";

    /// <summary>How examples are mixed and perturbed; kept in the checkpoint so a resumed run mixes as the first did.</summary>
    public MixSettings Mix { get; init; } = new();

    /// <summary>Global-norm clipping at 5, as for the language models: guards BPTT against exploding gradients.</summary>
    public double ClipNorm { get; init; } = 5;

    /// <summary>16 examples of 2 s per step: enough positives per batch on 2 cores.</summary>
    public int Batch { get; init; } = 16;

    /// <summary>
    /// The BCE positive weight; null measures it on the first examples as (negative frames)/(positive frames), so
    /// the rare positive frames weigh as much in total as the negative ones.
    /// </summary>
    public double? PositiveWeight { get; init; }

    /// <summary>
    /// Null: the model saved is the live weights. N: it is the mean of the weights after every step from step N on
    /// (<see cref="WeightAverage{T}"/>); the live weights go on training unchanged.
    /// </summary>
    public int? AverageFrom { get; init; }

    /// <summary>
    /// 0, the default: the per-frame BCE alone. W &gt; 0: the loss adds W times the cross-entropy of the word head
    /// (<see cref="Models.WakeModelConfig.WordClasses"/>), which names, on the frames after each word ends, which word it
    /// was: each subfolder of the other speech, or the wake word. Needs the other speech sorted into subfolders.
    /// </summary>
    public double WordLossWeight { get; init; }

    /// <summary>
    /// Steps between measurements of the negatives' hardness (<see cref="NegativeHardness"/>) when
    /// <see cref="MixSettings.HardNegativeShare"/> is above 0: each scores every clip of other speech once, about 3.5 s
    /// of audio per clip.
    /// </summary>
    public int HardNegativeEvery { get; init; } = 1000;

    public void Validate()
    {
        if (Batch < 1) throw new ArgumentException($"The batch must be at least 1; got {Batch}.");
        if (!(LearningRate > 0)) throw new ArgumentException($"The learning rate must be positive; got {LearningRate}.");
        if (!(ClipNorm > 0)) throw new ArgumentException($"The clipping norm must be positive; got {ClipNorm}.");
        _ = ParsedSchedule;
        Mix.Validate();
        if (PositiveWeight is { } w && !(w > 0)) throw new ArgumentException($"The positive weight must be positive; got {w}.");
        if (!(WordLossWeight >= 0 && double.IsFinite(WordLossWeight))) throw new ArgumentException($"The word loss weight must be 0 or positive; got {WordLossWeight}.");
        if (HardNegativeEvery < 1) throw new ArgumentException($"Hardness must be measured every 1 or more steps; got {HardNegativeEvery}.");
        if (AverageFrom is < 1) throw new ArgumentException($"Weight averaging must start at step 1 or later; got {AverageFrom}.");
    }

    internal LearningRateSchedule ParsedSchedule => LearningRateSchedule.Parse(Schedule);
}
