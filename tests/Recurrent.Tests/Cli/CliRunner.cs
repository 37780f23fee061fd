using Recurrent.Cli;

namespace Recurrent.Tests.Cli;

/// <summary>Runs the <c>rnn</c> command in-process and captures what it prints.</summary>
public static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
