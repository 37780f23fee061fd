using Recurrent.Models;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Cli;

public sealed class DemoCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void DemoTrainsShowsTheLossFallingAndSavesALoadableModel()
    {
        var (code, output, error) = CliRunner.Run("demo", "--steps", "60", "--out", _directory.FullName);
        Assert.True(code == 0, error);
        Assert.Contains("step    25/60", output);
        Assert.Contains("The model writes:", output);
        var line = output.Split('\n').Single(l => l.StartsWith("Loss fell from"));
        var numbers = line.Split(' ').Where(w => double.TryParse(w, System.Globalization.CultureInfo.InvariantCulture, out _)).Select(double.Parse).ToArray();
        Assert.True(numbers[1] < numbers[0] - 1, line);
        var model = ModelFile.Load<float>(_directory.PathOf("model.safetensors"));
        Assert.Equal("char", model.Config.Extra["tokenizer"]!["level"]!.GetValue<string>());
        Assert.True(File.Exists(_directory.PathOf("checkpoint.safetensors")));
    }

    [Fact]
    public void NonPositiveStepsIsAClearError()
    {
        var (code, _, error) = CliRunner.Run("demo", "--steps", "0", "--out", _directory.FullName);
        Assert.Equal(1, code);
        Assert.Contains("--steps must be positive", error);
    }
}
