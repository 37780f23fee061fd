using System.CommandLine;
using Recurrent.Layers.Recurrent;
using Recurrent.Tensors;
using Recurrent.Text;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn demo</c>: the joke generator. Trains a word-level LSTM on the one-liners of the Debian <c>fortunes</c>
/// corpus (or on <c>--data</c>) for a few minutes with the live progress display, then prints five jokes it made up
/// and where the model and the loss plot were saved.
/// </summary>
/// <remarks>
/// Measured in the same three minutes on two cores, a character model writes fortune-shaped lines of invented words;
/// a word model's every token is a real word, and one-liners (at most <see cref="OneLinerChars"/> characters, 10,755
/// of the 15,217 fortunes) are short enough for it to learn their shape: a set-up, a twist, an attribution. Sampling
/// never draws <c>&lt;unk&gt;</c>, which stands for the rare words left out of the vocabulary.
/// </remarks>
public static class DemoCommand
{
    /// <summary>Where Debian's <c>fortunes</c> package puts its %-separated files.</summary>
    public const string FortunesFolder = "/usr/share/games/fortunes";

    /// <summary>The longest fortune the default corpus keeps.</summary>
    public const int OneLinerChars = 150;

    public static Command Create(CliContext context)
    {
        var data = new Option<string[]>("--data") { Description = $"Corpus files or folders instead of {FortunesFolder}.", AllowMultipleArgumentsPerToken = true };
        var format = new Option<string?>("--format") { Description = "Format of --data: text, lines, fortune, csv:COLUMN or jsonl:FIELD (guessed when absent)." };
        var minutes = new Option<double>("--minutes") { Description = "Training time budget.", DefaultValueFactory = _ => 3 };
        var steps = new Option<long?>("--steps") { Description = "Train exactly this many steps instead of for --minutes." };
        var seed = new Option<ulong>("--seed") { Description = "Random seed: the same seed gives the same model and jokes.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => Path.Combine("runs", "demo") };
        var command = new Command("demo", "The joke generator: train a word-level LSTM on fortune-cookie one-liners for a few minutes, then let it write five.")
        {
            data, format, minutes, steps, seed, output,
        };
        command.SetAction(parse => Execute(context, parse.GetValue(data), parse.GetValue(format), parse.GetValue(minutes),
            parse.GetValue(steps), parse.GetValue(seed), parse.GetValue(output)!));
        return command;
    }

    private static int Execute(CliContext context, string[]? data, string? format, double minutes, long? steps, ulong seed, string output)
    {
        if (steps is <= 0) throw new ArgumentException("--steps must be positive.");
        if (!(minutes > 0)) throw new ArgumentException("--minutes must be positive.");
        var o = context.Output;
        int? maxDocumentChars = null;
        if (data is null || data.Length == 0)
        {
            if (!Directory.Exists(FortunesFolder) && !InstallFortunes(context)) return 1;
            data = [FortunesFolder];
            format ??= "fortune";
            maxDocumentChars = OneLinerChars;
        }
        var settings = new LanguageModelSettings
        {
            Data = data,
            Format = format is null ? null : CorpusFormat.Parse(format),
            MaxDocumentChars = maxDocumentChars,
            Level = "word",
            // Words seen fewer than 3 times become <unk>: a vocabulary small enough for the output layer to be cheap.
            MinCount = 3,
            Cell = RecurrentCellKind.Lstm,
            // One layer: within minutes on a two-core CPU it gets further than a deeper model.
            Embedding = 128,
            Hidden = 256,
            Layers = 1,
            // The one-liners are few enough for the model to start memorising them within the three minutes.
            OutputDropout = 0.5,
            SeqLen = 32,
            Batch = 32,
            LearningRate = 3e-3,
            Steps = steps,
            Minutes = steps is null ? minutes : null,
            ValFraction = 0.05,
            // A sample of the held-out jokes is enough to pick the best model, and keeps evaluation cheap.
            ValTokens = 16_384,
            ValEvery = steps is { } n ? (int)Math.Clamp(n / 2, 1, 100) : 100,
            Seed = seed,
            Out = output,
        };
        var result = LanguageModelTraining.Run(context, settings);

        o.WriteLine();
        o.WriteLine("Five jokes the model made up:");
        var sampler = new TokenSampler(new Rng(seed + 1));
        var generator = new TextGenerator(result.Model, result.Tokenizer);
        for (var i = 0; i < 5; i++)
        {
            var joke = result.Tokenizer.Decode(generator.Generate("", 80, sampler, temperature: 0.6, topK: 0, topP: 0.95, drawUnknown: false)).Trim();
            o.WriteLine();
            o.WriteLine("  " + joke.Replace("\n", "\n  "));
        }
        o.WriteLine();
        o.WriteLine($"Saved the model to {result.Folder.ModelPath} and the loss plot to {result.Folder.PlotPath}.");
        o.WriteLine($"More jokes: ./rnn generate --model {result.Folder.ModelPath} --count 5 --temperature 0.6 --top-p 0.95 --no-unk");
        return 0;
    }

    /// <summary>Installs the fortunes package when running as root with apt-get; otherwise says how, and fails.</summary>
    private static bool InstallFortunes(CliContext context)
    {
        const string how = "the demo trains on Debian's fortunes package, which is not installed: run 'sudo apt-get install -y fortunes', or give --data with your own jokes.";
        if (!DebianPackages.CanInstall)
        {
            context.Error.WriteLine("rnn: error: " + how);
            return false;
        }
        context.Output.WriteLine("Installing Debian's fortunes package (apt-get install -y fortunes)...");
        try
        {
            DebianPackages.Install("fortunes");
        }
        catch (RecurrentException e)
        {
            context.Error.WriteLine($"rnn: error: {e.Message}; {how}");
            return false;
        }
        if (Directory.Exists(FortunesFolder)) return true;
        context.Error.WriteLine($"rnn: error: apt-get installed fortunes, but {FortunesFolder} is missing; {how}");
        return false;
    }
}
