namespace Recurrent.Cli;

/// <summary>Where commands write: the console in production, string writers in tests.</summary>
/// <param name="Interactive">True when the output is a terminal, so live progress displays can be drawn.</param>
public sealed record CliContext(TextWriter Output, TextWriter Error, bool Interactive = false);
