using System.CommandLine;
using Recurrent.Layers.Recurrent;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn train lm</c>: trains a character- or word-level language model on a corpus.</summary>
public static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string[]>("--data") { Description = "Corpus files or folders (several allowed).", Required = true, AllowMultipleArgumentsPerToken = true };
        var format = new Option<string?>("--format") { Description = "text, lines, fortune, csv:COLUMN or jsonl:FIELD; guessed from each file when absent." };
        var level = new Option<string>("--level") { Description = "Tokens: char or word.", DefaultValueFactory = _ => "char" };
        var minCount = new Option<int>("--min-count") { Description = "Word level: words seen fewer times become <unk>.", DefaultValueFactory = _ => 2 };
        var maxDocumentChars = new Option<int?>("--max-doc-chars") { Description = "Use only the documents of at most this many characters (document corpora)." };
        var cell = new Option<string>("--cell") { Description = "lstm, gru or rnn.", DefaultValueFactory = _ => "lstm" };
        var embedding = new Option<int?>("--embedding") { Description = "Embedding size (default 64, or the word vectors' dimension)." };
        var hidden = new Option<int>("--hidden") { Description = "Hidden units per layer.", DefaultValueFactory = _ => 256 };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers.", DefaultValueFactory = _ => 2 };
        var dropout = new Option<double>("--dropout") { Description = "Dropout between layers while training.", DefaultValueFactory = _ => 0 };
        var outputDropout = new Option<double>("--output-dropout") { Description = "Dropout on the last layer's output, before the output layer, while training.", DefaultValueFactory = _ => 0 };
        var seqLen = new Option<int>("--seq-len") { Description = "Steps of backpropagation through time per batch.", DefaultValueFactory = _ => 64 };
        var batch = new Option<int>("--batch") { Description = "Text streams read side by side.", DefaultValueFactory = _ => 32 };
        var optimizer = new Option<string>("--optimizer") { Description = "sgd, adam, adamw, rmsprop or adagrad.", DefaultValueFactory = _ => "adam" };
        var lr = new Option<double>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => 2e-3 };
        var lrDecay = new Option<string>("--lr-decay") { Description = "Learning-rate schedule: constant, step:N:GAMMA or exp:GAMMA (per step).", DefaultValueFactory = _ => "constant" };
        var clip = new Option<double>("--clip") { Description = "Clip the gradient's global norm to this (0: off).", DefaultValueFactory = _ => 5 };
        var epochs = new Option<double?>("--epochs") { Description = "Passes over the training data (default 10 unless --steps or --minutes)." };
        var steps = new Option<long?>("--steps") { Description = "Optimizer steps to train for." };
        var minutes = new Option<double?>("--minutes") { Description = "Stop after this many minutes." };
        var valFraction = new Option<double>("--val-fraction") { Description = "Share held out for validation (whole documents; the end of running text).", DefaultValueFactory = _ => 0.1 };
        var valEvery = new Option<int>("--val-every") { Description = "Evaluate, log and save every N steps.", DefaultValueFactory = _ => 200 };
        var valTokens = new Option<int?>("--val-tokens") { Description = "Measure at most this many validation tokens per evaluation (default: all)." };
        var patience = new Option<int>("--patience") { Description = "Stop after N evaluations without a better validation loss (0: never).", DefaultValueFactory = _ => 0 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed for the split, weights and dropout.", DefaultValueFactory = _ => 1 };
        var wordVectors = new Option<string?>("--word-vectors") { Description = "Initialise the embedding from word2vec or GloVe vectors (word level)." };
        var freeze = new Option<bool>("--freeze-embedding") { Description = "Keep the embedding from --word-vectors fixed." };
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => Path.Combine("runs", "lm") };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in --out exactly where it stopped." };
        var lm = new Command("lm", "Train a character- or word-level language model.")
        {
            data, format, maxDocumentChars, level, minCount, cell, embedding, hidden, layers, dropout, outputDropout, seqLen, batch, optimizer, lr, lrDecay, clip,
            epochs, steps, minutes, valFraction, valEvery, valTokens, patience, seed, wordVectors, freeze, output, resume,
        };
        lm.SetAction(parse =>
        {
            var settings = new LanguageModelSettings
            {
                Data = parse.GetValue(data)!,
                Format = parse.GetValue(format) is { } f ? CorpusFormat.Parse(f) : null,
                Level = parse.GetValue(level)!,
                MinCount = Positive(parse.GetValue(minCount), "--min-count"),
                MaxDocumentChars = parse.GetValue(maxDocumentChars) is { } m ? Positive(m, "--max-doc-chars") : null,
                Cell = RecurrentCellKindNames.Parse(parse.GetValue(cell)!),
                Embedding = parse.GetValue(embedding) is { } e ? Positive(e, "--embedding") : null,
                Hidden = Positive(parse.GetValue(hidden), "--hidden"),
                Layers = Positive(parse.GetValue(layers), "--layers"),
                Dropout = parse.GetValue(dropout),
                OutputDropout = parse.GetValue(outputDropout),
                SeqLen = Positive(parse.GetValue(seqLen), "--seq-len"),
                Batch = Positive(parse.GetValue(batch), "--batch"),
                Optimizer = parse.GetValue(optimizer)!,
                LearningRate = parse.GetValue(lr),
                LearningRateDecay = parse.GetValue(lrDecay)!,
                Clip = parse.GetValue(clip),
                Epochs = parse.GetValue(epochs),
                Steps = parse.GetValue(steps),
                Minutes = parse.GetValue(minutes),
                ValFraction = parse.GetValue(valFraction),
                ValEvery = Positive(parse.GetValue(valEvery), "--val-every"),
                ValTokens = parse.GetValue(valTokens) is { } v ? Positive(v, "--val-tokens") : null,
                Patience = parse.GetValue(patience),
                Seed = parse.GetValue(seed),
                WordVectors = parse.GetValue(wordVectors),
                FreezeEmbedding = parse.GetValue(freeze),
                Out = parse.GetValue(output)!,
                Resume = parse.GetValue(resume),
            };
            if (settings.Steps is <= 0 || settings.Epochs is <= 0 || settings.Minutes is <= 0)
                throw new ArgumentException("--steps, --epochs and --minutes must be positive.");
            var result = LanguageModelTraining.Run(context, settings);
            context.Output.WriteLine($"Saved {result.Folder.ModelPath} (best), {result.Folder.CheckpointPath}, {result.Folder.MetricsPath} and {result.Folder.PlotPath}.");
            // 130, as for any program stopped by Ctrl+C, so a script can tell an interrupted run from a finished one.
            return result.Reason == TrainingStopReason.Cancelled ? 130 : 0;
        });
        return new Command("train", "Train a model.") { lm };
    }

    internal static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be positive.");
}
