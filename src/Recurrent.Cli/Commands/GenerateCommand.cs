using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.Tensors;
using Recurrent.Text;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn generate</c>: writes text with a language model, printing each piece as it is drawn. Several samples
/// are separated by <c>%</c> lines, as in a fortune file.
/// </summary>
public static class GenerateCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "A language model (model.safetensors from rnn train lm or rnn demo).", Required = true };
        var prime = new Option<string>("--prime") { Description = "Text to start from.", DefaultValueFactory = _ => "" };
        var length = new Option<int>("--length") { Description = "At most this many tokens per sample (fewer when the model ends the document).", DefaultValueFactory = _ => 500 };
        var temperature = new Option<double>("--temperature") { Description = "Softmax temperature: lower is safer, higher is wilder; 0 is greedy.", DefaultValueFactory = _ => 0.8 };
        var topK = new Option<int>("--top-k") { Description = "Draw only from the K most likely tokens (0: all).", DefaultValueFactory = _ => 0 };
        var topP = new Option<double>("--top-p") { Description = "Draw only from the most likely tokens whose probabilities add up to P (1: all).", DefaultValueFactory = _ => 1 };
        var count = new Option<int>("--count") { Description = "Number of samples.", DefaultValueFactory = _ => 1 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed: the same seed gives the same text.", DefaultValueFactory = _ => 1 };
        var novelty = new Option<bool>("--novelty") { Description = "After each sample, the share of its word 8-grams (char models: 32-character windows) found verbatim in the training data." };
        var noUnknown = new Option<bool>("--no-unk") { Description = "Word models: never draw <unk>; its probability goes to the other words." };
        var command = new Command("generate", "Write text with a language model.") { model, prime, length, temperature, topK, topP, count, seed, novelty, noUnknown };
        command.SetAction(parse => Execute(context, parse.GetValue(model)!, parse.GetValue(prime)!, parse.GetValue(length), parse.GetValue(temperature),
            parse.GetValue(topK), parse.GetValue(topP), parse.GetValue(count), parse.GetValue(seed), parse.GetValue(novelty), parse.GetValue(noUnknown)));
        return command;
    }

    private static int Execute(CliContext context, string modelPath, string prime, int length, double temperature, int topK, double topP,
        int count, ulong seed, bool showNovelty, bool noUnknown)
    {
        TrainCommand.Positive(length, "--length");
        TrainCommand.Positive(count, "--count");
        if (!(temperature >= 0)) throw new ArgumentException("--temperature must be 0 (greedy) or positive.");
        if (topK < 0) throw new ArgumentException("--top-k must be 0 (all tokens) or positive.");
        if (!(topP > 0 && topP <= 1)) throw new ArgumentException("--top-p must be in (0, 1].");
        var (model, tokenizer) = LanguageModelFile.Load(modelPath);
        var novelty = showNovelty ? TrainingNovelty(model.Config.Extra, tokenizer, modelPath) : null;
        var generator = new TextGenerator(model, tokenizer);
        var sampler = new TokenSampler(new Rng(seed));
        var o = context.Output;
        var primeIds = tokenizer.Encode(prime);
        for (var sample = 0; sample < count; sample++)
        {
            if (sample > 0) o.WriteLine("%");
            List<int> ids = [.. primeIds];
            var printed = 0;
            void Print()
            {
                var text = tokenizer.Decode(ids);
                o.Write(text[printed..]);
                o.Flush();
                printed = text.Length;
            }
            Print();
            foreach (var id in generator.Generate(prime, length, sampler, temperature, topK, topP, drawUnknown: !noUnknown))
            {
                ids.Add(id);
                Print();
            }
            o.WriteLine();
            if (novelty is not null)
            {
                var share = novelty.CopiedShare(tokenizer.Decode(ids[primeIds.Length..]));
                var unit = tokenizer.Level == "word" ? $"word {novelty.N}-grams" : $"{novelty.N}-character windows";
                o.WriteLine(share is { } s
                    ? string.Create(CultureInfo.InvariantCulture, $"[novelty: {s:P0} of {unit} occur verbatim in the training data]")
                    : $"[novelty: too short to have any {unit}]");
            }
        }
        return 0;
    }

    /// <summary>The training documents the model file records (files, format, length limit, split), for the novelty measure.</summary>
    private static Novelty TrainingNovelty(JsonObject extra, ITokenizer tokenizer, string modelPath)
    {
        if (extra[LanguageModelTraining.TrainingDataKey] is not JsonObject data || data["files"] is not JsonArray files)
            throw new InvalidDataException($"{modelPath}: the model does not record its training data, so --novelty cannot compare with it.");
        var paths = files.Select(f => f!.GetValue<string>()).ToList();
        var format = data["format"]?.GetValue<string>() is { } f ? CorpusFormat.Parse(f) : null;
        var (_, train, _) = LanguageModelTraining.ReadAndSplit(paths, format, data[LanguageModelTraining.MaxDocumentCharsKey]?.GetValue<int>(),
            data["val_fraction"]?.GetValue<double>() ?? 0, data["seed"]?.GetValue<ulong>() ?? 1);
        return new Novelty(train, words: tokenizer.Level == "word");
    }
}
