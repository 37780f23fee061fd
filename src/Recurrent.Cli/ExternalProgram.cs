using System.ComponentModel;
using System.Diagnostics;

namespace Recurrent.Cli;

/// <summary>Runs another program to its end with its output captured: the synthesizers and apt-get.</summary>
internal static class ExternalProgram
{
    /// <summary>Runs <paramref name="program"/> and returns its exit code and what it wrote to standard error, trimmed.</summary>
    public static (int ExitCode, string Error) Run(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Start(start);
        // Both pipes are drained at once: a child that fills one while we wait on the other would never exit.
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Result.Trim());
    }

    /// <summary>Starts the process; a program that is missing or not executable is one clear error, not the OS's exception.</summary>
    private static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new RecurrentException($"could not start {start.FileName}.");
        }
        catch (Win32Exception e)
        {
            throw new RecurrentException($"could not start {start.FileName}: {e.Message}");
        }
    }

    /// <summary>Runs <paramref name="program"/> and fails with its error output when it exits non-zero.</summary>
    public static void RunOrThrow(string program, IReadOnlyList<string> arguments)
    {
        var (exitCode, error) = Run(program, arguments);
        if (exitCode != 0)
            throw new RecurrentException($"{program} {string.Join(' ', arguments)} failed (exit {exitCode}): {error}");
    }
}
