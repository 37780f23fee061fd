using System.Numerics;
using Recurrent.Losses;
using Recurrent.Models;
using Recurrent.Optim;
using Recurrent.Tensors;

namespace Recurrent.Training;

/// <summary>
/// Trains a token sequence model to predict the next token: forward, softmax cross-entropy over every step,
/// backward, gradient clipping, one optimizer step. Buffers are made once, so a warmed-up step allocates nothing.
/// </summary>
/// <remarks>
/// A non-finite loss or gradient stops training with <see cref="TrainingDivergedException"/> before the weights
/// change, so nothing already saved is overwritten by a broken model.
/// </remarks>
public sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly CrossEntropyLoss<T> _loss;
    private readonly LearningRateSchedule _schedule;
    private readonly int[] _inputs;     // (T, B)
    private readonly int[] _targets;    // (T, B)
    private readonly T[] _dLogits;      // (T, B, V)
    private readonly T[] _carriedHidden; // (L·D, B, H) detached state for the next batch
    private readonly T[] _carriedCell;   // (L·D, B, H) LSTM
    private readonly (Parameter<T> Parameter, T[] Values)[] _frozen;

    public Trainer(SequenceModel<T> model, ITokenBatchSource data, TrainerOptions options)
    {
        if (!model.Config.HasEmbedding) throw new ArgumentException("The trainer needs a model with token input (vocab_size).", nameof(model));
        Model = model;
        Data = data;
        Options = options;
        _schedule = options.ParsedSchedule;
        Optimizer = OptimizerFactory.Create<T>(options.Optimizer, model.Parameters.Count, options.LearningRate);
        _loss = new CrossEntropyLoss<T>(model.Config.OutputSize);
        var rows = data.Steps * data.Batch;
        _inputs = new int[rows];
        _targets = new int[rows];
        _dLogits = new T[rows * model.Config.OutputSize];
        _carriedHidden = new T[model.StateLength(data.Batch)];
        _carriedCell = model.Recurrent.HasCellState ? new T[model.StateLength(data.Batch)] : [];
        _frozen = options.FrozenParameters
            .Select(name => model.Parameters.Find(name) ?? throw new ArgumentException($"Cannot freeze '{name}': the model has no such parameter."))
            .Select(p => (p, p.Value.ToArray()))
            .ToArray();
    }

    public SequenceModel<T> Model { get; }

    public ITokenBatchSource Data { get; }

    public TrainerOptions Options { get; }

    public Optimizer<T> Optimizer { get; }

    /// <summary>Completed steps.</summary>
    public long Step { get; private set; }

    /// <summary>(L·D, B, H) the state the next batch starts from when it continues the previous one.</summary>
    internal T[] CarriedHidden => _carriedHidden;

    internal T[] CarriedCell => _carriedCell;

    /// <summary>One optimizer step on the next batch.</summary>
    public TrainingStepResult TrainStep()
    {
        var number = Step + 1;
        var carry = Options.CarryState && Data.ContinuesPrevious;
        Data.Next(_inputs, _targets);
        int steps = Data.Steps, batch = Data.Batch;
        Model.Forward(_inputs, steps, batch, default,
            carry ? _carriedHidden : default, carry ? _carriedCell : default, training: true);
        var loss = double.CreateTruncating(_loss.Forward(Model.Logits, _targets));
        if (!double.IsFinite(loss))
            throw new TrainingDivergedException(number, $"Step {number}: the loss is {loss}; training stopped before updating the weights. Lower the learning rate or clip gradients.");

        var parameters = Model.Parameters;
        parameters.ZeroGradients();
        Array.Clear(_dLogits);
        _loss.Backward(_dLogits, T.One);
        Model.Backward(_dLogits);
        foreach (var (parameter, _) in _frozen) parameter.Gradient.Clear();
        var norm = GradientClipping.ClipByGlobalNorm(parameters.Gradients, Options.ClipNorm > 0 ? Options.ClipNorm : double.PositiveInfinity);
        if (!double.IsFinite(norm))
            throw new TrainingDivergedException(number, $"Step {number}: the gradient norm is {norm}; training stopped before updating the weights. Lower the learning rate or clip gradients.");
        if (Options.ClipValue > 0) GradientClipping.ClipByValue(parameters.Gradients, Options.ClipValue);

        var learningRate = _schedule.LearningRateAt(Step, Options.LearningRate);
        Optimizer.LearningRate = learningRate;
        Optimizer.Step(parameters.Values, parameters.Gradients);
        foreach (var (parameter, values) in _frozen) values.CopyTo(parameter.Value);

        // The next batch starts from this one's final state, detached: no gradient flows back across batches.
        Model.FinalHidden.CopyTo(_carriedHidden);
        if (_carriedCell.Length > 0) Model.FinalCell.CopyTo(_carriedCell);
        Step = number;
        return new TrainingStepResult(number, loss, norm, learningRate);
    }

    /// <summary>Restores the counters of a checkpoint; the weights and optimizer state are restored by the caller.</summary>
    internal void RestoreStep(long step) => Step = step;
}
