using Recurrent.IO;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Cli;

/// <summary>
/// <c>rnn run</c> on state dicts saved from PyTorch (tools/reference/fixtures_rnn.py) must reproduce PyTorch's
/// outputs: this is the end-to-end proof that a PyTorch-trained model runs unchanged from .NET.
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    /// <summary>The bar for PyTorch parity of forward outputs.</summary>
    private const double Tolerance = 1e-5;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("lstm_tokens")]
    [InlineData("gru_features_bi")]
    [InlineData("rnn_tanh_tokens_bi")]
    public void PyTorchStateDictRunsAndMatches(string name)
    {
        var outputPath = _directory.PathOf("out.safetensors");
        var (code, _, error) = CliRunner.Run("run", Fixtures.PathOf($"models/{name}.safetensors"),
            "--input", Fixtures.PathOf($"models/{name}_io.safetensors"), "--output", outputPath);
        Assert.True(code == 0, error);

        var expected = Fixtures.Load($"models/{name}_io.safetensors");
        var actual = SafeTensorsFile.Read(outputPath);
        foreach (var tensor in new[] { "output", "h_n", "c_n" }.Where(expected.Contains))
        {
            Assert.Equal(expected[tensor].Shape, actual[tensor].Shape);
            TensorAssert.Close<float, float>(tensor, expected[tensor].ToArray<float>(), actual[tensor].ToArray<float>(), Tolerance, Tolerance);
        }
        Assert.Equal(expected.Contains("c_n"), actual.Contains("c_n"));
    }

    [Fact]
    public void FloatInputForATokenModelIsAClearError()
    {
        var inputPath = _directory.PathOf("in.safetensors");
        new SafeTensorsWriter().AddFloat32<float>("input", new float[6], 3, 2).Save(inputPath);
        var (code, _, error) = CliRunner.Run("run", Fixtures.PathOf("models/lstm_tokens.safetensors"),
            "--input", inputPath, "--output", _directory.PathOf("out.safetensors"));
        Assert.Equal(1, code);
        Assert.Contains("'input' must be an integer tensor (T, B)", error);
        Assert.False(File.Exists(_directory.PathOf("out.safetensors")));
    }

    [Fact]
    public void WrongStateShapeNamesBothShapes()
    {
        var inputPath = _directory.PathOf("in.safetensors");
        new SafeTensorsWriter().AddInt32("input", new int[6], 3, 2).AddFloat32<float>("h0", new float[6], 1, 2, 3).Save(inputPath);
        var (code, _, error) = CliRunner.Run("run", Fixtures.PathOf("models/lstm_tokens.safetensors"),
            "--input", inputPath, "--output", _directory.PathOf("out.safetensors"));
        Assert.Equal(1, code);
        Assert.Contains("'h0' has shape (1, 2, 3), but this model and input need (2, 2, 6)", error);
    }

    [Fact]
    public void MissingRequiredOptionFails()
    {
        var (code, _, error) = CliRunner.Run("run", Fixtures.PathOf("models/lstm_tokens.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("Option '--input' is required.", error);
    }
}
