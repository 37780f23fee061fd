namespace Recurrent.Cli;

/// <summary>Where commands write: the console in production, string writers in tests.</summary>
public sealed record CliContext(TextWriter Output, TextWriter Error);
