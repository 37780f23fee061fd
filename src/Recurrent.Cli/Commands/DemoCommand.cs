using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Recurrent.Layers.Recurrent;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn demo</c>: trains a small character-level LSTM on a built-in text, printing the loss as it falls, then
/// lets the model write a few lines and saves it.
/// </summary>
public static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var steps = new Option<int>("--steps") { Description = "Training steps.", DefaultValueFactory = _ => 300 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed: the same seed gives the same run.", DefaultValueFactory = _ => 1 };
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder for model.safetensors and checkpoint.safetensors.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("runs", "demo")),
        };
        var command = new Command("demo", "Train a tiny character-level language model on built-in text and watch its loss fall.") { steps, seed, output };
        command.SetAction(parse => Execute(context, parse.GetValue(steps), parse.GetValue(seed), parse.GetValue(output)!.FullName));
        return command;
    }

    private static int Execute(CliContext context, int steps, ulong seed, string outputDirectory)
    {
        if (steps <= 0) throw new ArgumentException("--steps must be positive.");
        var o = context.Output;
        var text = BuiltInText();
        var tokenizer = CharTokenizer.FromText(text);
        var config = new SequenceModelConfig
        {
            Cell = RecurrentCellKind.Lstm,
            VocabSize = tokenizer.VocabularySize,
            EmbeddingSize = 16,
            HiddenSize = 128,
            NumLayers = 1,
            OutputSize = tokenizer.VocabularySize,
            Extra = new JsonObject
            {
                ["tokenizer"] = new JsonObject
                {
                    ["level"] = "char",
                    ["alphabet"] = new JsonArray(tokenizer.Alphabet.Select(r => (JsonNode)r.ToString()).ToArray()),
                },
            },
        };
        var model = new SequenceModel<float>(config, new Rng(seed));
        var data = new TokenStreamBatches(tokenizer.Encode(text), steps: 32, batch: 8);
        var trainer = new Trainer<float>(model, data, new TrainerOptions { LearningRate = 1e-2 });

        o.WriteLine($"Training a character-level LSTM ({model.Parameters.Count:N0} parameters, vocabulary {tokenizer.VocabularySize}) on {text.Length:N0} characters of built-in text.");
        var results = TrainingProgress.Run(context, steps, data.Steps * data.Batch, trainer.TrainStep);
        var first = results[0].Loss;
        var last = results.Skip(Math.Max(0, results.Count - 10)).Average(r => r.Loss);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loss fell from {first:F3} to {last:F3} nats per character (last 10 steps; uniform guessing would be {Math.Log(tokenizer.VocabularySize):F3})."));

        o.WriteLine();
        o.WriteLine("The model writes:");
        o.WriteLine("  " + Generate(model, tokenizer, "the ", 160, new Rng(seed + 1)));

        Directory.CreateDirectory(outputDirectory);
        var modelPath = Path.Combine(outputDirectory, "model.safetensors");
        var checkpointPath = Path.Combine(outputDirectory, "checkpoint.safetensors");
        ModelFile.Save(model, modelPath);
        Checkpoint.Save(trainer, checkpointPath);
        o.WriteLine();
        o.WriteLine($"Saved the model to {modelPath} (try: ./rnn info {modelPath}).");
        return 0;
    }

    /// <summary>Feeds the prime, then samples one character at a time, carrying the state (never re-reading the prefix).</summary>
    private static string Generate(SequenceModel<float> model, CharTokenizer tokenizer, string prime, int length, Rng rng)
    {
        var sampler = new TokenSampler(rng);
        var vocabulary = model.Config.OutputSize;
        var prefix = tokenizer.Encode(prime);
        model.Forward(prefix, prefix.Length, 1);
        var generated = new List<int>(prefix);
        var hidden = new float[model.StateLength(1)];
        var cell = new float[model.StateLength(1)];
        for (var i = 0; i < length; i++)
        {
            var lastRow = model.Logits[^vocabulary..];
            var next = sampler.Sample(lastRow, temperature: 0.5);
            generated.Add(next);
            model.FinalHidden.CopyTo(hidden);
            model.FinalCell.CopyTo(cell);
            model.Forward([next], 1, 1, default, hidden, cell);
        }
        return tokenizer.Decode(generated).ReplaceLineEndings(" ");
    }

    private static string BuiltInText()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Recurrent.Cli.Demo.demo.txt")
            ?? throw new InvalidOperationException("The built-in demo text is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
