using System.CommandLine;
using System.CommandLine.Parsing;
using Recurrent.Cli.Commands;

namespace Recurrent.Cli;

/// <summary>
/// The <c>rnn</c> command: builds the command tree and runs it so that every failure is one line on standard
/// error and a non-zero exit code; <c>--verbose</c> adds the exception's detail.
/// </summary>
public static class CliApp
{
    /// <summary>Shows the full exception instead of one line; accepted by every command.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show details (stack traces) when something fails.",
        Recursive = true,
    };

    public static RootCommand CreateRoot(CliContext context)
    {
        var root = new RootCommand("Recurrent: recurrent neural networks (RNN, LSTM, GRU) for .NET, proven against PyTorch.")
        {
            Verbose,
            InfoCommand.Create(context),
            RunCommand.Create(context),
            DemoCommand.Create(context),
            TrainCommand.Create(context),
            GenerateCommand.Create(context),
            CompleteCommand.Create(context),
            EvalCommand.Create(context),
            VectorsCommand.Create(context),
            BenchCommand.Create(context),
            WakeCommand.Create(context),
        };
        root.Options.OfType<VersionOption>().Single().Action = new PrintVersionAction();
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive = false)
    {
        var context = new CliContext(output, error, interactive);
        var parse = CreateRoot(context).Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line, like every other failure; the full usage is one --help away.
            error.WriteLine($"rnn: error: {string.Join(" ", parse.Errors.Select(e => e.Message))} (see '{CommandPath(parse.CommandResult)} --help')");
            return 2;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            var verbose = parse.GetValue(Verbose);
            error.WriteLine($"rnn: error: {Describe(e)}");
            if (verbose) error.WriteLine(e.ToString());
            return e is OperationCanceledException ? 130 : 1;
        }
    }

    /// <summary>"rnn bench train" for the command being parsed.</summary>
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is CommandResult command; current = command.Parent)
            names.Insert(0, command.Command is RootCommand ? "rnn" : command.Command.Name);
        return string.Join(' ', names);
    }

    /// <summary>The one line a user sees: our own messages already name the file and the problem.</summary>
    private static string Describe(Exception e) => e switch
    {
        RecurrentException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException
            or ArgumentException or FormatException or IOException or UnauthorizedAccessException or InvalidOperationException => e.Message,
        OperationCanceledException => "cancelled.",
        _ => $"unexpected {e.GetType().Name}: {e.Message} (run with --verbose for details)",
    };
}
