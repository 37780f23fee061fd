using System.CommandLine;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn wake</c>: wake-word detection — synthesise clips, train, listen, evaluate.</summary>
public static class WakeCommand
{
    public static Command Create(CliContext context) =>
        new("wake", "Wake-word detection: train a detector, listen to audio, evaluate false rejects and false accepts.")
        {
            WakeTrainCommand.Create(context),
            WakeListenCommand.Create(context),
            WakeEvalCommand.Create(context),
            WakeSynthCommand.Create(context),
        };
}
