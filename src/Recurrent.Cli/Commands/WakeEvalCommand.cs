using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.IO;
using Recurrent.Wake;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn wake eval --model M [--model M2 ...] --positives DIR</c>: false rejects and false accepts per hour on
/// simulated test streams (of one model, or of several averaged as a <see cref="WakeEnsemble"/>), a threshold sweep
/// written as det.json and det.svg, and the operating points at 1 and 0.5 false accepts per hour.
/// </summary>
public static class WakeEvalCommand
{
    /// <summary>How many missed wake words the printed summary names (det.json has every clip).</summary>
    private const int NamedMisses = 10;

    /// <summary>How many of the highest-scoring clips of other speech it names.</summary>
    private const int NamedOtherSpeech = 5;

    public static Command Create(CliContext context)
    {
        var model = new Option<FileInfo[]>("--model")
        {
            Description = "The wake-word model to evaluate; given more than once, the models listen together, their logits averaged frame by frame.",
            Required = true,
        };
        var positives = new Option<DirectoryInfo>("--positives") { Description = "Held-out wake-word clips.", Required = true };
        var negatives = new Option<DirectoryInfo?>("--negatives") { Description = "Held-out clips of other speech." };
        var background = new Option<DirectoryInfo?>("--background") { Description = "Background recordings (default: generated noise)." };
        var snr = new Option<double>("--snr") { Description = "Signal-to-noise ratio of speech over background, in dB.", DefaultValueFactory = _ => 10 };
        var level = new Option<double>("--level-db")
        {
            Description = "Turn the whole test audio up or down by this many dB, as a louder or quieter microphone (0: speech at −26 dBFS).",
        };
        var narrowband = new Option<bool>("--narrowband") { Description = "Pass the test audio through an 8 kHz channel, as telephone audio." };
        var hours = new Option<double>("--hours") { Description = "Hours of negative audio to simulate.", DefaultValueFactory = _ => 1 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed for the test streams.", DefaultValueFactory = _ => 1 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for det.json and det.svg." };
        var chunkMs = new Option<double>("--chunk-ms") { Description = "Audio per processing step, as for listen.", DefaultValueFactory = _ => 80 };
        var json = new Option<bool>("--json") { Description = "Print the four headline figures as JSON." };
        var trigger = new TriggerOptions();
        var command = new Command("eval", "Measure false rejects and false accepts per hour over a threshold sweep.")
        {
            model, positives, negatives, background, snr, level, narrowband, hours, seed, output, chunkMs, json,
        };
        trigger.AddTo(command);
        command.SetAction(parse => Execute(context, [.. parse.GetValue(model)!.Select(f => f.FullName)], parse.GetValue(positives)!.FullName,
            parse.GetValue(negatives)?.FullName, parse.GetValue(background)?.FullName,
            new EvaluationConditions { SnrDb = parse.GetValue(snr), LevelDb = parse.GetValue(level), Narrowband = parse.GetValue(narrowband) }, parse.GetValue(hours),
            parse.GetValue(seed), parse.GetValue(output)?.FullName, parse.GetValue(chunkMs), trigger.Read(parse), parse.GetValue(json)));
        return command;
    }

    private static int Execute(CliContext context, string[] modelPaths, string positives, string? negatives, string? background,
        EvaluationConditions conditions, double hours, ulong seed, string? outputDirectory, double chunkMs, TriggerRule rule, bool json)
    {
        conditions.Validate();
        var ensemble = WakeEnsemble.Load(modelPaths);
        var rate = ensemble.Features.SampleRate;
        var chunk = (int)Math.Round(chunkMs / 1000 * rate);
        if (chunk < 1) throw new ArgumentException($"--chunk-ms {chunkMs} is less than one sample.");
        var clips = WakeClips.Load(positives, negatives, background, rate);
        var result = WakeEvaluator.Evaluate(ensemble, clips, conditions, hours, rule, seed, chunk);
        var summary = new JsonObject
        {
            ["false_reject_rate_at_1_fa_per_hour"] = result.AtOneFalseAcceptPerHour?.FalseRejectRate,
            ["false_reject_rate_at_0_5_fa_per_hour"] = result.AtHalfFalseAcceptPerHour?.FalseRejectRate,
            ["false_accepts_per_hour_at_default_threshold"] = result.AtDefaultThreshold.FalseAcceptsPerHour,
            ["false_reject_rate_at_default_threshold"] = result.AtDefaultThreshold.FalseRejectRate,
        };
        if (outputDirectory is not null)
        {
            Directory.CreateDirectory(outputDirectory);
            var report = new JsonObject
            {
                ["models"] = new JsonArray([.. modelPaths.Select(p => (JsonNode)p)]),
                ["positives"] = result.Positives,
                ["hours"] = result.Hours,
                ["snr_db"] = conditions.SnrDb,
                ["level_db"] = conditions.LevelDb,
                ["narrowband"] = conditions.Narrowband,
                ["threshold"] = rule.Threshold,
                ["min_frames"] = rule.MinFrames,
                ["refractory_s"] = rule.RefractorySeconds,
                ["processing_seconds_per_audio_second"] = result.ProcessingSecondsPerAudioSecond,
                ["summary"] = summary.DeepClone(),
                ["curve"] = new JsonArray([.. result.Curve.Select(p => (JsonNode)new JsonObject
                {
                    ["threshold"] = p.Threshold,
                    ["false_reject_rate"] = p.FalseRejectRate,
                    ["false_accepts_per_hour"] = p.FalseAcceptsPerHour,
                    ["misses"] = p.Misses,
                    ["false_accepts"] = p.FalseAccepts,
                })]),
                // Hardest first: the wake words the detector barely hears, the other speech it most takes for one.
                ["wake_words"] = Outcomes(result.WakeWords.OrderBy(c => c.Peak).ThenBy(c => c.Clip, StringComparer.Ordinal), "false_rejects"),
                ["other_speech"] = Outcomes(result.OtherSpeech.OrderByDescending(c => c.Peak).ThenBy(c => c.Clip, StringComparer.Ordinal), "false_accepts"),
            };
            AtomicFile.WriteAllText(Path.Combine(outputDirectory, "det.json"), report.ToJsonString(new() { WriteIndented = true }));
            LinePlot.Write(Path.Combine(outputDirectory, "det.svg"), $"DET at {conditions.Describe()} ({result.Positives} wake words, {result.Hours:G3} h)",
                "false accepts per hour", "false-reject rate",
                [new LinePlot.Series("detector", LinePlot.Palette[0], result.Curve.Select(p => (p.FalseAcceptsPerHour, p.FalseRejectRate)).ToList())]);
        }
        if (json)
        {
            context.Output.WriteLine(summary.ToJsonString());
            return 0;
        }
        var o = context.Output;
        string Rate(double? r) => r is { } v ? string.Create(CultureInfo.InvariantCulture, $"{100 * v:F1}%") : "not reached";
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Positives} wake words and {result.Hours:F2} h of audio at {conditions.Describe()}; streaming detector took {1000 * result.ProcessingSecondsPerAudioSecond:F1} ms per second of audio."));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"threshold {rule.Threshold:G3}: false rejects {Rate(result.AtDefaultThreshold.FalseRejectRate)}, false accepts {result.AtDefaultThreshold.FalseAcceptsPerHour:F2} per hour"));
        o.WriteLine($"at ≤ 1 false accept per hour:   false rejects {Rate(result.AtOneFalseAcceptPerHour?.FalseRejectRate)}{Threshold(result.AtOneFalseAcceptPerHour)}");
        o.WriteLine($"at ≤ 0.5 false accept per hour: false rejects {Rate(result.AtHalfFalseAcceptPerHour?.FalseRejectRate)}{Threshold(result.AtHalfFalseAcceptPerHour)}");
        static string Named(ClipOutcome clip) => string.Create(CultureInfo.InvariantCulture, $"{clip.Clip} ({clip.Peak:G3})");
        var missed = result.WakeWords.Where(c => c.ErrorsAtOneFalseAcceptPerHour > 0).OrderBy(c => c.Peak).ToList();
        var where = result.AtOneFalseAcceptPerHour is null
            ? string.Create(CultureInfo.InvariantCulture, $"at threshold {rule.Threshold:G3}")
            : "at ≤ 1 false accept per hour";
        if (missed.Count > 0) o.WriteLine($"wake words missed {where} ({missed.Count}, lowest peak first): {Listed(missed.Select(Named))}");
        var taken = result.OtherSpeech.Where(c => c.Draws > 0).OrderByDescending(c => c.Peak).Take(NamedOtherSpeech).ToList();
        if (taken.Count > 0) o.WriteLine($"other speech scoring highest: {string.Join(", ", taken.Select(Named))}");
        if (outputDirectory is not null) o.WriteLine($"wrote {Path.Combine(outputDirectory, "det.json")} (with every clip's peak) and det.svg");
        return 0;
    }

    private static string Listed(IEnumerable<string> items)
    {
        var all = items.ToList();
        return all.Count <= NamedMisses ? string.Join(", ", all) : $"{string.Join(", ", all.Take(NamedMisses))} and {all.Count - NamedMisses} more";
    }

    /// <summary>det.json's list of clips, each with its draws, its peak and its errors at the two operating points.</summary>
    private static JsonArray Outcomes(IEnumerable<ClipOutcome> outcomes, string errors) =>
        [.. outcomes.Select(c => (JsonNode)new JsonObject
        {
            ["clip"] = c.Clip,
            ["draws"] = c.Draws,
            ["peak"] = c.Peak,
            [errors + "_at_1_fa_per_hour"] = c.ErrorsAtOneFalseAcceptPerHour,
            [errors + "_at_default_threshold"] = c.ErrorsAtDefaultThreshold,
        })];

    private static string Threshold(DetPoint? point) =>
        point is null ? "" : string.Create(CultureInfo.InvariantCulture, $" (threshold {point.Threshold:G3})");
}
