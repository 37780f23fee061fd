using System.Diagnostics;
using System.Globalization;
using Recurrent.Training;
using Spectre.Console;

namespace Recurrent.Cli;

/// <summary>
/// Shows training as it runs: a live progress bar (step, loss, tokens/s, time left) on a terminal, and plain log
/// lines every few steps otherwise (CI, pipes, files).
/// </summary>
internal static class TrainingProgress
{
    /// <summary>Runs <paramref name="steps"/> calls of <paramref name="trainStep"/> and returns their results.</summary>
    public static IReadOnlyList<TrainingStepResult> Run(
        CliContext context, int steps, int tokensPerStep, Func<TrainingStepResult> trainStep, int logEvery = 25)
    {
        var results = new List<TrainingStepResult>(steps);
        var clock = Stopwatch.StartNew();
        string Summary(TrainingStepResult result, double meanLoss) => string.Create(CultureInfo.InvariantCulture,
            $"step {result.Step,5}/{steps}  loss {meanLoss:F3}  ({results.Count * tokensPerStep / clock.Elapsed.TotalSeconds:N0} tokens/s)");

        if (context.Interactive)
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(progress =>
                {
                    var task = progress.AddTask("training", maxValue: steps);
                    for (var i = 0; i < steps; i++)
                    {
                        results.Add(trainStep());
                        task.Description = Summary(results[^1], RecentMean(results, logEvery));
                        task.Increment(1);
                    }
                });
            context.Output.WriteLine(Summary(results[^1], RecentMean(results, logEvery)));
            return results;
        }
        for (var i = 0; i < steps; i++)
        {
            results.Add(trainStep());
            if (results.Count % logEvery == 0 || results.Count == steps)
                context.Output.WriteLine(Summary(results[^1], RecentMean(results, logEvery)));
        }
        return results;
    }

    /// <summary>Mean loss of the last <paramref name="window"/> steps: single steps are too noisy to read.</summary>
    private static double RecentMean(List<TrainingStepResult> results, int window) =>
        results.Skip(Math.Max(0, results.Count - window)).Average(r => r.Loss);
}
