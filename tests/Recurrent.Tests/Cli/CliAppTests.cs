namespace Recurrent.Tests.Cli;

public class CliAppTests
{
    [Fact]
    public void HelpListsTheCommands()
    {
        var (code, output, _) = CliRunner.Run("--help");
        Assert.Equal(0, code);
        foreach (var command in new[] { "info", "run", "demo", "wake", "--verbose", "--version" }) Assert.Contains(command, output);
    }

    [Fact]
    public void VersionPrintsTheVersion()
    {
        var (code, output, _) = CliRunner.Run("--version");
        Assert.Equal(0, code);
        Assert.StartsWith("0.1.0", output.Trim());
    }

    [Fact]
    public void UnknownCommandIsOneLineWithNonZeroExit()
    {
        var (code, output, error) = CliRunner.Run("frobnicate");
        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("rnn: error: ", line);
        Assert.Contains("'frobnicate'", line);
        Assert.Contains("see 'rnn --help'", line);
        Assert.Empty(output);
    }

    [Fact]
    public void MissingOptionNamesItAndTheCommandsHelp()
    {
        var (code, _, error) = CliRunner.Run("bench", "gemm", "--m", "many");
        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("many", line);
        Assert.Contains("see 'rnn bench gemm --help'", line);
    }

    [Fact]
    public void ErrorsAreOneLineWithoutStackTraceUnlessVerbose()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        try
        {
            var (code, _, error) = CliRunner.Run("info", path);
            Assert.Equal(1, code);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("rnn: error: ", line);
            Assert.Contains("not a safetensors file", line);

            var (verboseCode, _, verboseError) = CliRunner.Run("info", path, "--verbose");
            Assert.Equal(1, verboseCode);
            Assert.Contains("   at ", verboseError);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
