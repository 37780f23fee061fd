using System.Text.Json.Nodes;
using Recurrent.Tests.Support;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public sealed class TrainingLoopTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>A task whose validation losses are scripted, recording what the loop asked it to save.</summary>
    private sealed class ScriptedTask(params double?[] validationLosses) : ITrainingTask
    {
        private int _evaluations;

        public List<long> ModelSavedAt { get; } = [];

        public JsonObject? LastRunState { get; private set; }

        public long Step { get; private set; }

        public long Epoch => 0;

        public int ItemsPerStep => 10;

        public TrainingStepResult TrainStep() => new(++Step, 1.0 / Step, 1, 0.1);

        public double? Validate() => validationLosses[_evaluations++];

        public void SaveModel(string path)
        {
            File.WriteAllText(path, "model");
            ModelSavedAt.Add(Step);
        }

        public void SaveCheckpoint(string path, JsonObject runState)
        {
            File.WriteAllText(path, "checkpoint");
            LastRunState = runState;
        }
    }

    [Fact]
    public void SavesTheModelOnlyWhenValidationImprovesAndStopsWhenPatienceRunsOut()
    {
        var task = new ScriptedTask(3.0, 2.0, 2.5, 2.1, 1.0);
        var loop = new TrainingLoop(task, new TrainingRunFolder(_directory.FullName), new TrainingLoopOptions { MaxSteps = 100, EvaluateEvery = 2, Patience = 2 });
        var reason = loop.Run(_ => { }, CancellationToken.None);
        Assert.Equal(TrainingStopReason.EarlyStopping, reason);
        Assert.Equal(8, task.Step);
        Assert.Equal([2L, 4L], task.ModelSavedAt);
        Assert.Equal(2.0, loop.BestLoss);
        Assert.Equal([2L, 4, 6, 8], loop.Metrics.Select(m => m.Step));
        // The training loss logged at step 4 is the mean of steps 3 and 4.
        Assert.Equal((1.0 / 3 + 1.0 / 4) / 2, loop.Metrics[1].TrainLoss, 12);
        Assert.Equal(4, File.ReadAllLines(_directory.PathOf("metrics.jsonl")).Length);
        Assert.Contains("<polyline", File.ReadAllText(_directory.PathOf("loss.svg")));
        Assert.Equal(2, task.LastRunState!["evaluations_since_best"]!.GetValue<int>());
    }

    [Fact]
    public void StopsAtTheStepBudgetWithAFinalEvaluation()
    {
        var task = new ScriptedTask(2.0, 1.5);
        var statuses = new List<TrainingStatus>();
        var loop = new TrainingLoop(task, new TrainingRunFolder(_directory.FullName), new TrainingLoopOptions { MaxSteps = 5, EvaluateEvery = 4 });
        Assert.Equal(TrainingStopReason.Budget, loop.Run(statuses.Add, CancellationToken.None));
        Assert.Equal(5, task.Step);
        Assert.Equal([4L, 5], loop.Metrics.Select(m => m.Step));
        Assert.Equal(5, statuses.Count(s => s.Evaluation is null));
        Assert.Equal(TimeSpan.Zero, statuses[^1].Remaining);
    }

    [Fact]
    public void CancellationSavesACheckpointWithoutEvaluating()
    {
        var task = new ScriptedTask();
        using var cancellation = new CancellationTokenSource();
        var loop = new TrainingLoop(task, new TrainingRunFolder(_directory.FullName), new TrainingLoopOptions { MaxSteps = 100, EvaluateEvery = 50 });
        var reason = loop.Run(status => { if (status.Step == 3) cancellation.Cancel(); }, cancellation.Token);
        Assert.Equal(TrainingStopReason.Cancelled, reason);
        Assert.Equal(3, task.Step);
        Assert.Equal(3, task.LastRunState!["train_loss_count"]!.GetValue<int>());
        Assert.True(File.Exists(_directory.PathOf("model.safetensors")));
        Assert.Empty(loop.Metrics);
    }

    [Fact]
    public void RestoreKeepsTheMetricsUpToTheCheckpointStep()
    {
        var folder = new TrainingRunFolder(_directory.FullName);
        TrainingMetrics.Save(folder.MetricsPath, [new(2, 0, 1, 1, 0.1, 1, 1), new(4, 0, 1, 1, 0.1, 1, 1), new(6, 0, 1, 1, 0.1, 1, 1)]);
        var task = new ScriptedTask(0.5);
        for (var i = 0; i < 4; i++) task.TrainStep();
        var loop = new TrainingLoop(task, folder, new TrainingLoopOptions { MaxSteps = 6, EvaluateEvery = 2 });
        loop.Restore(new TrainingLoopState(1.0, 0, 0, 0));
        Assert.Equal([2L, 4], loop.Metrics.Select(m => m.Step));
        loop.Run(_ => { }, CancellationToken.None);
        Assert.Equal([2L, 4, 6], TrainingMetrics.Load(folder.MetricsPath, long.MaxValue).Select(m => m.Step));
        Assert.Equal(0.5, loop.BestLoss);
    }
}
