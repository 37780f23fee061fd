using Recurrent.Optim;

namespace Recurrent.Training;

/// <summary>How a <see cref="Trainer{T}"/> updates the weights. Saved in every checkpoint.</summary>
public sealed record TrainerOptions
{
    /// <summary>sgd, adam, adamw, rmsprop or adagrad. Adam is the usual first choice for recurrent language models.</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>2e-3: an Adam step size at which small character-level LSTMs train quickly without diverging.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Global gradient-norm clip; 5 is the customary value for LSTM language models. 0 disables it.</summary>
    public double ClipNorm { get; init; } = 5;

    /// <summary>Clip each gradient element to ±value; 0 (the default) disables it, norm clipping being the usual choice.</summary>
    public double ClipValue { get; init; }

    /// <summary>How the learning rate changes with the step; constant unless asked.</summary>
    public string Schedule { get; init; } = "constant";

    /// <summary>
    /// Carry the final hidden state into the next batch when the data continues (stateful truncated BPTT), so the
    /// model sees context beyond one window. On by default: the batch sources are built for it.
    /// </summary>
    public bool CarryState { get; init; } = true;

    /// <summary>
    /// Parameters left unchanged by training (for example <c>embedding.weight</c> initialised from word vectors):
    /// their gradients are zeroed before clipping and their values restored after each optimizer step, so neither
    /// momentum nor weight decay moves them.
    /// </summary>
    public IReadOnlyList<string> FrozenParameters { get; init; } = [];

    internal LearningRateSchedule ParsedSchedule => LearningRateSchedule.Parse(Schedule);
}
