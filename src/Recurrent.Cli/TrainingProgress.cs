using System.Globalization;
using Recurrent.Training;
using Spectre.Console;

namespace Recurrent.Cli;

/// <summary>
/// Shows training as it runs: a live progress bar (step, epoch, training and validation loss, tokens/s, time
/// left) on a terminal, and plain log lines every few steps and at every evaluation otherwise (CI, pipes, files).
/// </summary>
internal static class TrainingProgress
{
    /// <summary>Runs <paramref name="loop"/> to its end with the display that suits the output.</summary>
    /// <param name="items">what a step reads, for the throughput: tokens, frames, examples</param>
    public static TrainingStopReason Run(CliContext context, TrainingLoop loop, CancellationToken cancellation, string items = "tokens", int logEvery = 25)
    {
        string Summary(TrainingStatus status) => TrainingProgress.Summary(status, items);
        TrainingStatus? last = null;
        if (context.Interactive)
        {
            TrainingStopReason reason = default;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 12 }, new PercentageColumn())
                .Start(progress =>
                {
                    var task = progress.AddTask("training", maxValue: 1);
                    reason = loop.Run(status =>
                    {
                        last = status;
                        task.Description = Summary(status);
                        task.Value = Fraction(status);
                        if (status.Evaluation is { } e) AnsiConsole.WriteLine(EvaluationLine(e));
                    }, cancellation);
                });
            if (last is not null) context.Output.WriteLine(Summary(last));
            return reason;
        }
        return loop.Run(status =>
        {
            if (status.Evaluation is { } e) context.Output.WriteLine(EvaluationLine(e));
            else if (status.Step % logEvery == 0) context.Output.WriteLine(Summary(status));
        }, cancellation);
    }

    /// <summary>step, epoch, recent training loss, last validation loss, throughput and time left.</summary>
    public static string Summary(TrainingStatus s, string items)
    {
        var step = s.MaxSteps is { } max ? $"{s.Step,5}/{max}" : $"{s.Step,5}";
        var validation = s.ValLoss is { } v ? string.Create(CultureInfo.InvariantCulture, $"  val {v:F3}") : "";
        var eta = s.Remaining is { } r ? $"  ETA {Format(r)}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"step {step}  epoch {s.Epoch}  loss {s.TrainLoss:F3}{validation}  ({s.ItemsPerSecond:N0} {items}/s){eta}");
    }

    private static string EvaluationLine(TrainingMetrics m) => string.Create(CultureInfo.InvariantCulture,
        $"evaluation at step {m.Step}: train {m.TrainLoss:F3}{(m.ValLoss is { } v ? $", validation {v:F3}" : "")} nats/token");

    private static double Fraction(TrainingStatus s) =>
        s.MaxSteps is { } max && max > 0 ? Math.Min(1, (double)s.Step / max)
        : s.Remaining is { } r ? s.Elapsed / (s.Elapsed + r) : 0;

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
