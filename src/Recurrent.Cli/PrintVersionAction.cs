using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Recurrent.Cli;

/// <summary>
/// <c>--version</c> prints Recurrent's version. The built-in action reads the entry assembly, which is the test
/// host when the CLI runs in-process, so the version is taken from this assembly instead.
/// </summary>
internal sealed class PrintVersionAction : SynchronousCommandLineAction
{
    public static string Version =>
        typeof(PrintVersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(PrintVersionAction).Assembly.GetName().Version!.ToString(3);

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return 0;
    }
}
