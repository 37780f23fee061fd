using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using Recurrent.Cli.Bench;
using Recurrent.Kernels;
using Recurrent.Layers.Recurrent;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn bench train|infer|stream|gemm</c>: throughput and latency of the engine on synthetic data, in the same
/// configurations that bench/compare.sh runs in PyTorch.
/// </summary>
public static class BenchCommand
{
    private sealed record ModelOptions(
        Option<string> Cell, Option<int> Vocab, Option<int> Embedding, Option<int> Hidden, Option<int> Layers,
        Option<int> SeqLen, Option<int> Batch, Option<int> Threads, Option<double> Seconds, Option<bool> Json);

    public static Command Create(CliContext context)
    {
        var bench = new Command("bench", "Measure training, inference and streaming speed, and the GEMM kernel.");
        bench.Subcommands.Add(Train(context));
        bench.Subcommands.Add(Infer(context));
        bench.Subcommands.Add(Stream(context));
        bench.Subcommands.Add(GemmBench(context));
        return bench;
    }

    private static ModelOptions AddModelOptions(Command command, int defaultBatch)
    {
        var options = new ModelOptions(
            new Option<string>("--cell") { Description = "lstm, gru or rnn.", DefaultValueFactory = _ => "lstm" },
            new Option<int>("--vocab") { Description = "Vocabulary size (embedding rows and head outputs).", DefaultValueFactory = _ => 65 },
            new Option<int>("--embedding") { Description = "Embedding size.", DefaultValueFactory = _ => 64 },
            new Option<int>("--hidden") { Description = "Hidden units per layer.", DefaultValueFactory = _ => 256 },
            new Option<int>("--layers") { Description = "Stacked layers.", DefaultValueFactory = _ => 2 },
            new Option<int>("--seq-len") { Description = "Time steps per batch.", DefaultValueFactory = _ => 64 },
            new Option<int>("--batch") { Description = "Sequences per batch.", DefaultValueFactory = _ => defaultBatch },
            new Option<int>("--threads") { Description = "Kernel threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount },
            new Option<double>("--seconds") { Description = "Measured time, after a warm-up of a fifth of it.", DefaultValueFactory = _ => 10 },
            new Option<bool>("--json") { Description = "Print one JSON object." });
        foreach (var option in new Option[] { options.Cell, options.Vocab, options.Embedding, options.Hidden, options.Layers, options.SeqLen, options.Batch, options.Threads, options.Seconds, options.Json })
            command.Options.Add(option);
        return options;
    }

    private static (SequenceModelConfig Config, int Steps, int Batch, double Seconds) Read(ParseResult parse, ModelOptions options)
    {
        var threads = parse.GetValue(options.Threads);
        KernelThreads.Count = threads >= 1 ? threads : throw new ArgumentException("--threads must be at least 1.");
        var seconds = parse.GetValue(options.Seconds);
        if (!(seconds > 0)) throw new ArgumentException("--seconds must be positive.");
        var vocab = parse.GetValue(options.Vocab);
        var config = new SequenceModelConfig
        {
            Cell = RecurrentCellKindNames.Parse(parse.GetValue(options.Cell)!),
            VocabSize = vocab,
            EmbeddingSize = parse.GetValue(options.Embedding),
            HiddenSize = parse.GetValue(options.Hidden),
            NumLayers = parse.GetValue(options.Layers),
            OutputSize = vocab,
        };
        config.Validate();
        var steps = parse.GetValue(options.SeqLen);
        var batch = parse.GetValue(options.Batch);
        if (steps < 1 || batch < 1) throw new ArgumentException("--seq-len and --batch must be positive.");
        return (config, steps, batch, seconds);
    }

    private static int[] RandomTokens(int count, int vocabulary)
    {
        var rng = new Rng(1);
        return Enumerable.Range(0, count).Select(_ => rng.NextInt(vocabulary)).ToArray();
    }

    private static Command Train(CliContext context)
    {
        var command = new Command("train", "Training throughput: embedding → stack → dense → cross-entropy → backward → clip at 5 → Adam.");
        var options = AddModelOptions(command, defaultBatch: 32);
        command.SetAction(parse =>
        {
            var (config, steps, batch, seconds) = Read(parse, options);
            var model = new SequenceModel<float>(config, new Rng(1));
            var data = new TokenStreamBatches(RandomTokens(batch * (steps + 1) * 4, config.VocabSize!.Value), steps, batch);
            var trainer = new Trainer<float>(model, data, new TrainerOptions { Optimizer = "adam", ClipNorm = 5, CarryState = false });
            var tokensPerSecond = TimedWindows.MedianCallsPerSecond(() => trainer.TrainStep(), seconds) * steps * batch;
            Report(context, parse.GetValue(options.Json), "training", new JsonObject
            {
                ["tokens_per_second"] = Math.Round(tokensPerSecond, 1),
                ["gflops"] = Math.Round(tokensPerSecond * ModelFlops.TrainingPerToken(config) / 1e9, 2),
                ["peak_working_set_mb"] = PeakWorkingSetMegabytes(),
            });
            return 0;
        });
        return command;
    }

    private static Command Infer(CliContext context)
    {
        var command = new Command("infer", "Forward-only throughput: embedding → stack → dense over whole batches.");
        var options = AddModelOptions(command, defaultBatch: 64);
        command.SetAction(parse =>
        {
            var (config, steps, batch, seconds) = Read(parse, options);
            var model = new SequenceModel<float>(config, new Rng(1));
            var tokens = RandomTokens(steps * batch, config.VocabSize!.Value);
            var tokensPerSecond = TimedWindows.MedianCallsPerSecond(() => model.Forward(tokens, steps, batch), seconds) * steps * batch;
            Report(context, parse.GetValue(options.Json), "inference", new JsonObject
            {
                ["tokens_per_second"] = Math.Round(tokensPerSecond, 1),
                ["gflops"] = Math.Round(tokensPerSecond * ModelFlops.ForwardPerToken(config) / 1e9, 2),
                ["peak_working_set_mb"] = PeakWorkingSetMegabytes(),
            });
            return 0;
        });
        return command;
    }

    private static Command Stream(CliContext context)
    {
        var command = new Command("stream", "Latency of one step at batch 1 carrying state: embedding → stack → dense → softmax.");
        var options = AddModelOptions(command, defaultBatch: 1);
        command.SetAction(parse =>
        {
            var (config, _, _, seconds) = Read(parse, options);
            var model = new SequenceModel<float>(config, new Rng(1));
            var hidden = new float[model.StateLength(1)];
            var cell = new float[model.Recurrent.HasCellState ? hidden.Length : 0];
            var probabilities = new float[config.OutputSize];
            int[] token = [0];
            void Step()
            {
                model.Forward(token, 1, 1, default, hidden, cell);
                model.FinalHidden.CopyTo(hidden);
                model.FinalCell.CopyTo(cell);
                StableSoftmax(model.Logits, probabilities);
                token[0] = TensorPrimitives.IndexOfMax(probabilities);
            }
            var microseconds = 1e6 / TimedWindows.MedianCallsPerSecond(Step, seconds);
            Report(context, parse.GetValue(options.Json), "streaming step", new JsonObject
            {
                ["microseconds_per_step"] = Math.Round(microseconds, 2),
                ["peak_working_set_mb"] = PeakWorkingSetMegabytes(),
            });
            return 0;
        });
        return command;
    }

    private static Command GemmBench(CliContext context)
    {
        var m = new Option<int>("--m") { Description = "Rows of C.", DefaultValueFactory = _ => 1024 };
        var n = new Option<int>("--n") { Description = "Columns of C.", DefaultValueFactory = _ => 1024 };
        var k = new Option<int>("--k") { Description = "Inner dimension.", DefaultValueFactory = _ => 1024 };
        var transposeA = new Option<bool>("--transpose-a") { Description = "A stored K×M (the layers' weight gradients dYᵀ·X)." };
        var transposeB = new Option<bool>("--transpose-b") { Description = "B stored N×K (the layers' x·Wᵀ)." };
        var threads = new Option<int>("--threads") { Description = "Kernel threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seconds = new Option<double>("--seconds") { Description = "Measured time.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("gemm", "GFLOP/s of the matrix product C = A·B (float32).") { m, n, k, transposeA, transposeB, threads, seconds, json };
        command.SetAction(parse =>
        {
            KernelThreads.Count = Math.Max(1, parse.GetValue(threads));
            int rows = parse.GetValue(m), columns = parse.GetValue(n), inner = parse.GetValue(k);
            var (transposedA, transposedB) = (parse.GetValue(transposeA), parse.GetValue(transposeB));
            var rng = new Rng(1);
            var a = new float[rows * inner];
            var b = new float[inner * columns];
            var c = new float[rows * columns];
            rng.FillUniform<float>(a, -1, 1);
            rng.FillUniform<float>(b, -1, 1);
            var calls = TimedWindows.MedianCallsPerSecond(
                () => Gemm.Multiply<float>(transposedA, transposedB, rows, columns, inner, a, transposedA ? rows : inner,
                    b, transposedB ? inner : columns, c, columns, false),
                parse.GetValue(seconds));
            Report(context, parse.GetValue(json), "gemm", new JsonObject { ["gflops"] = Math.Round(calls * 2.0 * rows * columns * inner / 1e9, 2) });
            return 0;
        });
        return command;
    }

    /// <summary>p = exp(x − max x) / Σ exp(x − max x): subtracting the max keeps exp from overflowing.</summary>
    private static void StableSoftmax(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        TensorPrimitives.Subtract(logits, TensorPrimitives.Max(logits), probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);
        TensorPrimitives.Divide(probabilities, TensorPrimitives.Sum<float>(probabilities), probabilities);
    }

    private static double PeakWorkingSetMegabytes() => Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0), 1);

    private static void Report(CliContext context, bool json, string what, JsonObject result)
    {
        if (json)
        {
            context.Output.WriteLine(result.ToJsonString());
            return;
        }
        context.Output.WriteLine(what + ": " + string.Join(", ", result.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}"))));
    }
}
