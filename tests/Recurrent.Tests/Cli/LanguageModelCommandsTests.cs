using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Tests.Support;
using Recurrent.Text;

namespace Recurrent.Tests.Cli;

/// <summary>rnn train lm, generate, complete and eval on a tiny generated fortune file with a tiny model.</summary>
public sealed class LanguageModelCommandsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _corpus;

    public LanguageModelCommandsTests()
    {
        _corpus = _directory.PathOf("jokes");
        var animals = new[] { "cat", "dog", "cow", "hen", "owl" };
        var jokes = Enumerable.Range(0, 40).Select(i => $"Why did the {animals[i % 5]} sit?\nTo rest, said {animals[(i + 2) % 5]}.");
        File.WriteAllText(_corpus, string.Join("\n%\n", jokes) + "\n");
    }

    public void Dispose() => _directory.Dispose();

    private static readonly string[] Tiny =
        ["--hidden", "16", "--embedding", "8", "--layers", "1", "--seq-len", "8", "--batch", "4", "--val-every", "3", "--lr", "0.01"];

    private (int Code, string Output, string Error) Train(string folder, params string[] extra) =>
        CliRunner.Run(["train", "lm", "--data", _corpus, "--out", _directory.PathOf(folder), .. Tiny, .. extra]);

    [Fact]
    public void TrainWritesTheBestModelCheckpointMetricsAndPlot()
    {
        var (code, output, error) = Train("run", "--steps", "6");
        Assert.True(code == 0, error);
        Assert.Contains("evaluation at step 3", output);
        Assert.Contains("Best validation loss", output);
        var metrics = File.ReadAllLines(_directory.PathOf("run/metrics.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal([3L, 6L], metrics.Select(m => m["step"]!.GetValue<long>()));
        Assert.All(metrics, m => Assert.True(m["val_loss"]!.GetValue<double>() > 0));
        Assert.StartsWith("<svg", File.ReadAllText(_directory.PathOf("run/loss.svg")));
        var model = ModelFile.Load<float>(_directory.PathOf("run/model.safetensors"));
        var tokenizer = Tokenizers.FromConfig(model.Config, "model");
        Assert.Equal("char", tokenizer.Level);
        Assert.NotNull(tokenizer.EndOfDocument);
    }

    [Fact]
    public void ResumeContinuesExactly()
    {
        // Output dropout draws from the model's generator, so the checkpoint has to carry its state too.
        Assert.Equal(0, Train("straight", "--steps", "6", "--output-dropout", "0.3").Code);
        Assert.Equal(0, Train("resumed", "--steps", "3", "--output-dropout", "0.3").Code);
        Assert.Equal(0.3, ModelFile.Load<float>(_directory.PathOf("straight/model.safetensors")).Config.OutputDropout);
        // The batch shape, model and validation split come from the checkpoint, so they need not be repeated.
        var (code, output, error) = CliRunner.Run("train", "lm", "--data", _corpus, "--out", _directory.PathOf("resumed"), "--val-every", "3", "--steps", "6", "--resume");
        Assert.True(code == 0, error);
        Assert.Contains("Resuming", output);
        var straight = SafeTensorsFile.Read(_directory.PathOf("straight/checkpoint.safetensors"));
        var resumed = SafeTensorsFile.Read(_directory.PathOf("resumed/checkpoint.safetensors"));
        foreach (var tensor in straight.Tensors)
            Assert.Equal(tensor.Bytes.ToArray(), resumed[tensor.Name].Bytes.ToArray());
        Assert.Equal(File.ReadAllLines(_directory.PathOf("straight/metrics.jsonl")).Select(ValLoss),
            File.ReadAllLines(_directory.PathOf("resumed/metrics.jsonl")).Select(ValLoss));
    }

    private static double ValLoss(string line) => JsonNode.Parse(line)!["val_loss"]!.GetValue<double>();

    [Fact]
    public void WordLevelTrainingWithFrozenWordVectorsKeepsThem()
    {
        var vectors = _directory.PathOf("vectors.txt");
        File.WriteAllText(vectors, "2 8\ncat 1 0 0 0 0 0 0 0\ndog 0 1 0 0 0 0 0 0\n");
        var (code, output, error) = CliRunner.Run(["train", "lm", "--data", _corpus, "--level", "word", "--min-count", "1", "--out", _directory.PathOf("w"),
            "--word-vectors", vectors, "--freeze-embedding", "--steps", "3", "--hidden", "8", "--layers", "1", "--seq-len", "4", "--batch", "2", "--val-every", "3"]);
        Assert.True(code == 0, error);
        Assert.Contains("Initialised 2 of", output);
        var model = ModelFile.Load<float>(_directory.PathOf("w/model.safetensors"));
        var words = (WordTokenizer)Tokenizers.FromConfig(model.Config, "m");
        var embedding = model.Parameters.Find("embedding.weight")!.Value.ToArray();
        Assert.Equal([0f, 1, 0, 0, 0, 0, 0, 0], embedding.AsSpan(words.Find("dog")!.Value * 8, 8).ToArray());
    }

    [Fact]
    public void GenerateIsReproducibleBySeedAndStopsAtTheEndOfADocument()
    {
        Assert.Equal(0, Train("g", "--steps", "3").Code);
        string[] args = ["generate", "--model", _directory.PathOf("g/model.safetensors"), "--prime", "Why", "--length", "60", "--count", "3", "--seed", "5"];
        var first = CliRunner.Run(args);
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal(first.Output, CliRunner.Run(args).Output);
        Assert.NotEqual(first.Output, CliRunner.Run([.. args[..^1], "6"]).Output);
        var samples = first.Output.Split("\n%\n");
        Assert.Equal(3, samples.Length);
        Assert.All(samples, s => Assert.StartsWith("Why", s));
        var greedy = CliRunner.Run(["generate", "--model", _directory.PathOf("g/model.safetensors"), "--temperature", "0", "--count", "2", "--length", "20"]);
        var greedySamples = greedy.Output.Split("\n%\n");
        Assert.Equal(greedySamples[0].Trim(), greedySamples[1].Trim());
    }

    [Fact]
    public void MaxDocCharsTrainsOnShortDocumentsAndNoveltyAndResumeUseTheSameLimit()
    {
        // A third of the jokes are 48 characters long, the rest 20; a limit of 30 keeps 20 of the 30.
        var mixed = _directory.PathOf("mixed");
        File.WriteAllText(mixed, string.Join("\n%\n", Enumerable.Range(0, 30).Select(i => i % 3 == 0 ? "Why did the cat sit on the warm mat all day long?" : "Why did the cat sit?")));
        string[] common = ["train", "lm", "--data", mixed, "--out", _directory.PathOf("m"), .. Tiny];
        var (code, output, error) = CliRunner.Run([.. common, "--steps", "3", "--max-doc-chars", "30", "--level", "word", "--min-count", "1"]);
        Assert.True(code == 0, error);
        Assert.Contains("on 20 documents", output);
        var recorded = ModelFile.Load<float>(_directory.PathOf("m/model.safetensors")).Config.Extra["training_data"]!;
        Assert.Equal(30, recorded["max_document_chars"]!.GetValue<int>());
        var generated = CliRunner.Run("generate", "--model", _directory.PathOf("m/model.safetensors"), "--length", "20", "--novelty", "--no-unk");
        Assert.True(generated.ExitCode == 0, generated.Error);
        Assert.Contains("[novelty:", generated.Output);
        Assert.DoesNotContain("<unk>", generated.Output);
        // The limit comes from the checkpoint, as the validation split does.
        var resumed = CliRunner.Run([.. common, "--steps", "6", "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("on 20 documents", resumed.Output);
    }

    [Fact]
    public void GenerateReportsNoveltyAgainstTheTrainingData()
    {
        Assert.Equal(0, Train("n", "--steps", "3").Code);
        var (code, output, error) = CliRunner.Run("generate", "--model", _directory.PathOf("n/model.safetensors"), "--prime", "Why did the cat sit?\nTo rest, said", "--length", "40", "--novelty", "--temperature", "0");
        Assert.True(code == 0, error);
        Assert.Contains("[novelty:", output);
        Assert.Contains("32-character windows", output);
    }

    [Fact]
    public void CompleteListsTheTopTokensWithProbabilities()
    {
        Assert.Equal(0, Train("c", "--steps", "3").Code);
        var (code, output, error) = CliRunner.Run("complete", "--model", _directory.PathOf("c/model.safetensors"), "--text", "Why did the", "--top", "3", "--json");
        Assert.True(code == 0, error);
        var candidates = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(3, candidates.Count);
        var probabilities = candidates.Select(c => c!["probability"]!.GetValue<double>()).ToArray();
        Assert.Equal(probabilities.OrderDescending(), probabilities);
        Assert.True(probabilities.Sum() <= 1 + 1e-9);
    }

    [Fact]
    public void EvalPrintsLossPerplexityAndBitsPerCharacter()
    {
        Assert.Equal(0, Train("e", "--steps", "3").Code);
        var (code, output, error) = CliRunner.Run("eval", "--model", _directory.PathOf("e/model.safetensors"), "--data", _corpus, "--json");
        Assert.True(code == 0, error);
        var json = JsonNode.Parse(output)!;
        var loss = json["loss_nats_per_token"]!.GetValue<double>();
        Assert.Equal(Math.Exp(loss), json["perplexity"]!.GetValue<double>(), 9);
        Assert.True(json["tokens"]!.GetValue<long>() > 1000);
        // Char model: one token per character plus two per document, so bits/char is close to loss / ln 2.
        Assert.InRange(json["bits_per_char"]!.GetValue<double>(), loss / Math.Log(2) * 0.9, loss / Math.Log(2) * 1.1);
        var text = CliRunner.Run("eval", "--model", _directory.PathOf("e/model.safetensors"), "--data", _corpus).Output;
        Assert.Contains(loss.ToString("F4", CultureInfo.InvariantCulture) + " nats/token", text);
    }

    [Fact]
    public void BadInputIsOneClearError()
    {
        var empty = _directory.PathOf("empty.txt");
        File.WriteAllText(empty, "");
        var (code, output, error) = CliRunner.Run("train", "lm", "--data", empty, "--out", _directory.PathOf("x"));
        Assert.Equal(1, code);
        Assert.Contains("the corpus is empty", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Contains("nothing to resume", Train("none", "--resume").Error);
        Assert.Contains("--steps, --epochs and --minutes must be positive", Train("z", "--steps", "0").Error);
        Assert.Contains("no such model file", CliRunner.Run("generate", "--model", _directory.PathOf("nope")).Error);
        Assert.Contains("--word-vectors needs --level word", Train("v", "--word-vectors", _corpus).Error);
        Assert.Empty(output);
    }
}
