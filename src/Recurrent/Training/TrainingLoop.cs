using Recurrent.IO;
using System.Diagnostics;

namespace Recurrent.Training;

/// <summary>
/// Runs a <see cref="ITrainingTask"/> to its budget and keeps its output folder current: every
/// <see cref="TrainingLoopOptions.EvaluateEvery"/> steps it measures the validation loss, saves the model when that
/// loss is the best so far, appends to <c>metrics.jsonl</c>, redraws <c>loss.svg</c> and saves a checkpoint. It
/// stops at the step or time limit, when the validation loss has not improved for
/// <see cref="TrainingLoopOptions.Patience"/> evaluations, or when cancelled — after saving a checkpoint.
/// </summary>
public sealed class TrainingLoop(ITrainingTask task, TrainingRunFolder folder, TrainingLoopOptions options)
{
    private const int DisplayWindow = 25;

    /// <summary>Every evaluation so far, including those of the run this one resumed.</summary>
    public List<TrainingMetrics> Metrics { get; } = [];

    /// <summary>The best validation loss, or null before the first evaluation or without validation data.</summary>
    public double? BestLoss => _state.BestLoss;

    private TrainingLoopState _state = TrainingLoopState.Fresh;
    private readonly Queue<double> _recent = new();
    private readonly Stopwatch _clock = new();
    private long _firstStep;
    private long _checkpointStep = -1;
    private double _learningRate;

    /// <summary>Continues from a resumed checkpoint: its loop state and the metrics logged up to its step.</summary>
    public void Restore(TrainingLoopState state)
    {
        _state = state;
        Metrics.Clear();
        Metrics.AddRange(TrainingMetrics.Load(folder.MetricsPath, task.Step));
    }

    /// <summary>Trains until a stop condition, calling <paramref name="report"/> after every step and evaluation.</summary>
    public TrainingStopReason Run(Action<TrainingStatus> report, CancellationToken cancellation)
    {
        if (options.EvaluateEvery <= 0) throw new ArgumentException("The evaluation interval (--val-every) must be positive.");
        Directory.CreateDirectory(folder.Directory);
        _clock.Restart();
        _firstStep = task.Step;
        var reason = TrainingStopReason.Budget;
        while (true)
        {
            if (cancellation.IsCancellationRequested)
            {
                reason = TrainingStopReason.Cancelled;
                break;
            }
            if (task.Step >= options.MaxSteps || _clock.Elapsed >= options.TimeLimit) break;
            var result = task.TrainStep();
            _learningRate = result.LearningRate;
            _state = _state with { TrainLossSum = _state.TrainLossSum + result.Loss, TrainLossCount = _state.TrainLossCount + 1 };
            _recent.Enqueue(result.Loss);
            if (_recent.Count > DisplayWindow) _recent.Dequeue();
            report(Status(null));
            if (task.Step % options.EvaluateEvery == 0 && Evaluate(report))
            {
                reason = TrainingStopReason.EarlyStopping;
                break;
            }
        }
        // A cancelled run only saves where it is: the user asked to stop now, not after a validation pass.
        if (reason == TrainingStopReason.Budget && _state.TrainLossCount > 0 && Evaluate(report))
            reason = TrainingStopReason.EarlyStopping;
        if (_checkpointStep != task.Step) SaveCheckpoint();
        if (!File.Exists(folder.ModelPath)) task.SaveModel(folder.ModelPath);
        return reason;
    }

    /// <summary>Measures, logs and saves; returns true when patience has run out.</summary>
    private bool Evaluate(Action<TrainingStatus> report)
    {
        var validation = task.Validate();
        var trainLoss = _state.TrainLossSum / Math.Max(1, _state.TrainLossCount);
        var improved = validation is null || _state.BestLoss is null || validation < _state.BestLoss;
        if (improved) task.SaveModel(folder.ModelPath);
        _state = new TrainingLoopState(
            improved ? validation : _state.BestLoss, improved ? 0 : _state.EvaluationsSinceBest + 1, 0, 0);
        var elapsed = _clock.Elapsed.TotalSeconds;
        var record = new TrainingMetrics(task.Step, task.Epoch, trainLoss, validation, _learningRate, elapsed, ItemsPerSecond());
        Metrics.Add(record);
        TrainingMetrics.Save(folder.MetricsPath, Metrics);
        LinePlot.Write(folder.PlotPath, options.PlotTitle, "step", options.LossLabel,
        [
            new LinePlot.Series("training", LinePlot.Palette[0], Metrics.Select(m => ((double)m.Step, m.TrainLoss)).ToList()),
            new LinePlot.Series("validation", LinePlot.Palette[1], Metrics.Where(m => m.ValLoss is not null).Select(m => ((double)m.Step, m.ValLoss!.Value)).ToList()),
        ]);
        SaveCheckpoint();
        report(Status(record));
        return options.Patience > 0 && _state.EvaluationsSinceBest >= options.Patience;
    }

    private void SaveCheckpoint()
    {
        task.SaveCheckpoint(folder.CheckpointPath, _state.ToJson());
        _checkpointStep = task.Step;
    }

    private double ItemsPerSecond() =>
        (task.Step - _firstStep) * (double)task.ItemsPerStep / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);

    private TrainingStatus Status(TrainingMetrics? evaluation)
    {
        var elapsed = _clock.Elapsed;
        var stepsDone = task.Step - _firstStep;
        TimeSpan? remaining = null;
        if (options.MaxSteps is { } max && stepsDone > 0)
            remaining = elapsed / stepsDone * Math.Max(0, max - task.Step);
        if (options.TimeLimit is { } limit)
        {
            var left = limit > elapsed ? limit - elapsed : TimeSpan.Zero;
            remaining = remaining is null || left < remaining ? left : remaining;
        }
        var validation = Metrics.LastOrDefault(m => m.ValLoss is not null)?.ValLoss;
        return new TrainingStatus(task.Step, options.MaxSteps, task.Epoch, _recent.Count == 0 ? double.NaN : _recent.Average(),
            validation, ItemsPerSecond(), elapsed, remaining, evaluation);
    }
}
