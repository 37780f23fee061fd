using Recurrent.Models;
using Recurrent.Tests.Support;
using Recurrent.Text;

namespace Recurrent.Tests.Cli;

public sealed class DemoCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void DemoTrainsOnGivenJokesPrintsFiveAndSavesModelAndPlot()
    {
        var jokes = _directory.PathOf("jokes.txt");
        File.WriteAllText(jokes, string.Join("\n%\n", Enumerable.Range(0, 150).Select(i => $"Knock knock. Who is there? Number {i}.")));
        var (code, output, error) = CliRunner.Run("demo", "--data", jokes, "--steps", "2", "--out", _directory.FullName);
        Assert.True(code == 0, error);
        Assert.Contains("Five jokes the model made up:", output);
        Assert.Contains($"Saved the model to {_directory.PathOf("model.safetensors")} and the loss plot to {_directory.PathOf("loss.svg")}", output);
        var model = ModelFile.Load<float>(_directory.PathOf("model.safetensors"));
        Assert.Equal("word", Tokenizers.FromConfig(model.Config, "model").Level);
        Assert.True(File.Exists(_directory.PathOf("checkpoint.safetensors")));
        Assert.True(File.Exists(_directory.PathOf("loss.svg")));
    }

    [Fact]
    public void NonPositiveStepsIsAClearError()
    {
        var (code, _, error) = CliRunner.Run("demo", "--steps", "0", "--out", _directory.FullName);
        Assert.Equal(1, code);
        Assert.Contains("--steps must be positive", error);
    }
}
