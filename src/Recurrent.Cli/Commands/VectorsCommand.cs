using System.CommandLine;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using Recurrent.Embeddings;
using Recurrent.Text;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn vectors</c>: train word vectors (skip-gram) and query them: neighbours, analogies, the analogy test.</summary>
public static class VectorsCommand
{
    public static Command Create(CliContext context) => new("vectors", "Word vectors: train (word2vec skip-gram), neighbors, analogy, eval.")
    {
        Train(context), Neighbors(context), Analogy(context), Eval(context),
    };

    private static Command Train(CliContext context)
    {
        var defaults = new SkipGramOptions();
        var data = new Option<string[]>("--data") { Description = "Corpus files or folders; words are separated by whitespace, as word2vec reads them.", Required = true, AllowMultipleArgumentsPerToken = true };
        var format = new Option<string?>("--format") { Description = "text, lines, fortune, csv:COLUMN or jsonl:FIELD; guessed when absent." };
        var dim = new Option<int>("--dim") { Description = "Vector size.", DefaultValueFactory = _ => defaults.Dimension };
        var window = new Option<int>("--window") { Description = "Largest context distance.", DefaultValueFactory = _ => defaults.Window };
        var negative = new Option<int>("--negative") { Description = "Negative samples per word pair.", DefaultValueFactory = _ => defaults.Negative };
        var minCount = new Option<int>("--min-count") { Description = "Drop words seen fewer times.", DefaultValueFactory = _ => defaults.MinCount };
        var sample = new Option<double>("--sample") { Description = "Subsampling threshold for frequent words (0: off).", DefaultValueFactory = _ => defaults.Sample };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the corpus.", DefaultValueFactory = _ => defaults.Epochs };
        var lr = new Option<double>("--lr") { Description = "Starting learning rate (decays linearly).", DefaultValueFactory = _ => defaults.LearningRate };
        var threads = new Option<int>("--threads") { Description = "Worker threads.", DefaultValueFactory = _ => defaults.Threads };
        var seed = new Option<ulong>("--seed") { Description = "Random seed (runs are reproducible with --threads 1).", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Where to write the vectors.", Required = true };
        var outFormat = new Option<string>("--out-format") { Description = "word2vec (text), word2vec-binary or glove.", DefaultValueFactory = _ => "word2vec" };
        var command = new Command("train", "Train word vectors by skip-gram with negative sampling.")
        {
            data, format, dim, window, negative, minCount, sample, epochs, lr, threads, seed, output, outFormat,
        };
        command.SetAction(parse =>
        {
            var fileFormat = WordVectorsFile.ParseFormat(parse.GetValue(outFormat)!);
            var corpus = CorpusReader.Read(parse.GetValue(data)!, parse.GetValue(format) is { } f ? CorpusFormat.Parse(f) : null);
            var options = new SkipGramOptions
            {
                Dimension = TrainCommand.Positive(parse.GetValue(dim), "--dim"),
                Window = TrainCommand.Positive(parse.GetValue(window), "--window"),
                Negative = parse.GetValue(negative) >= 0 ? parse.GetValue(negative) : throw new ArgumentException("--negative must not be negative."),
                MinCount = TrainCommand.Positive(parse.GetValue(minCount), "--min-count"),
                Sample = parse.GetValue(sample),
                Epochs = TrainCommand.Positive(parse.GetValue(epochs), "--epochs"),
                LearningRate = parse.GetValue(lr),
                Threads = TrainCommand.Positive(parse.GetValue(threads), "--threads"),
                Seed = parse.GetValue(seed),
            };
            var trainer = new SkipGramTrainer(corpus.Documents, options);
            var o = context.Output;
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Training {options.Dimension}-dimensional vectors for {trainer.Words.Count:N0} words over {trainer.WordsToTrain:N0} words ({options.Epochs} epochs, {options.Threads} threads)."));
            long lastReport = 0;
            var vectors = trainer.Train(done =>
            {
                if (done - Interlocked.Read(ref lastReport) < trainer.WordsToTrain / 10) return;
                Interlocked.Exchange(ref lastReport, done);
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {done * 100.0 / trainer.WordsToTrain:F0}% of the words"));
            });
            var path = parse.GetValue(output)!;
            WordVectorsFile.Write(path, vectors, fileFormat);
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Trained in {trainer.ElapsedSeconds:F1} s ({trainer.WordsToTrain / Math.Max(trainer.ElapsedSeconds, 1e-9):N0} words/s); wrote {path}."));
            return 0;
        });
        return command;
    }

    private static Option<string> VectorsOption() => new("--vectors") { Description = "Word vectors (word2vec text or binary, or GloVe text; detected).", Required = true };

    private static Option<int> TopOption() => new("--top") { Description = "How many words to show.", DefaultValueFactory = _ => 10 };

    private static Command Neighbors(CliContext context)
    {
        var vectors = VectorsOption();
        var top = TopOption();
        var word = new Argument<string>("WORD") { Description = "The word whose neighbours to list." };
        var command = new Command("neighbors", "The words nearest to a word by cosine similarity.") { vectors, top, word };
        command.SetAction(parse =>
        {
            var loaded = WordVectorsFile.Read(parse.GetValue(vectors)!);
            var id = Find(loaded, parse.GetValue(word)!);
            var normalized = loaded.Normalized();
            Print(context, loaded, WordVectors.Nearest(normalized, loaded.Dimension, normalized.AsSpan(id * loaded.Dimension, loaded.Dimension),
                TrainCommand.Positive(parse.GetValue(top), "--top"), new HashSet<int> { id }));
            return 0;
        });
        return command;
    }

    private static Command Analogy(CliContext context)
    {
        var vectors = VectorsOption();
        var top = TopOption();
        var words = new Argument<string[]>("A B C") { Description = "Three words: shows the words nearest A − B + C (king man woman → queen).", Arity = new ArgumentArity(3, 3) };
        var command = new Command("analogy", "Solve A − B + C: 'king man woman' asks what is to woman as king is to man.") { vectors, top, words };
        command.SetAction(parse =>
        {
            var loaded = WordVectorsFile.Read(parse.GetValue(vectors)!);
            var ids = parse.GetValue(words)!.Select(w => Find(loaded, w)).ToArray();
            var normalized = loaded.Normalized();
            var d = loaded.Dimension;
            var query = new float[d];
            TensorPrimitives.Subtract(normalized.AsSpan(ids[0] * d, d), normalized.AsSpan(ids[1] * d, d), query);
            TensorPrimitives.Add(query, normalized.AsSpan(ids[2] * d, d), query);
            TensorPrimitives.Divide(query, Math.Max(TensorPrimitives.Norm(query), 1e-12f), query);
            Print(context, loaded, WordVectors.Nearest(normalized, d, query, TrainCommand.Positive(parse.GetValue(top), "--top"), ids.ToHashSet()));
            return 0;
        });
        return command;
    }

    private static Command Eval(CliContext context)
    {
        var vectors = VectorsOption();
        var questions = new Option<string>("--questions") { Description = "Analogy questions (word2vec's questions-words.txt format).", Required = true };
        var restrict = new Option<int>("--restrict") { Description = "Use only the most frequent N words (gensim's default 300000).", DefaultValueFactory = _ => 300_000 };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var command = new Command("eval", "Analogy accuracy per section and overall; questions with unknown words counted apart.") { vectors, questions, restrict, json };
        command.SetAction(parse =>
        {
            var loaded = WordVectorsFile.Read(parse.GetValue(vectors)!);
            var results = AnalogyEvaluation.Evaluate(loaded, parse.GetValue(questions)!, TrainCommand.Positive(parse.GetValue(restrict), "--restrict"));
            if (parse.GetValue(json))
            {
                context.Output.WriteLine(new JsonArray(results.Select(r => (JsonNode)new JsonObject
                {
                    ["section"] = r.Section, ["correct"] = r.Correct, ["answered"] = r.Answered, ["unknown"] = r.Unknown, ["accuracy"] = r.Accuracy,
                }).ToArray()).ToJsonString());
                return 0;
            }
            foreach (var r in results)
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Section,-28} {r.Accuracy,7:P1}  ({r.Correct:N0} of {r.Answered:N0} answered; {r.Unknown:N0} with unknown words)"));
            return 0;
        });
        return command;
    }

    private static int Find(WordVectors vectors, string word) =>
        vectors.Find(word) ?? vectors.Find(word.ToLowerInvariant()) ?? throw new ArgumentException($"'{word}' is not in the vocabulary of the word vectors.");

    private static void Print(CliContext context, WordVectors vectors, List<(int Id, float Similarity)> nearest)
    {
        foreach (var (id, similarity) in nearest)
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{similarity,8:F4}  {vectors.Words[id]}"));
    }
}
