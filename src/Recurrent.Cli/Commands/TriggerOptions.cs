using System.CommandLine;
using Recurrent.Wake;

namespace Recurrent.Cli.Commands;

/// <summary>The trigger-rule options shared by <c>wake listen</c> and <c>wake eval</c>, with the rule's defaults.</summary>
internal sealed class TriggerOptions
{
    private static readonly TriggerRule Defaults = new();

    public Option<double> Threshold { get; } = new("--threshold") { Description = "Score at or above which a frame counts.", DefaultValueFactory = _ => Defaults.Threshold };

    public Option<int> MinFrames { get; } = new("--min-frames") { Description = "Consecutive frames above the threshold needed to fire.", DefaultValueFactory = _ => Defaults.MinFrames };

    public Option<double> Refractory { get; } = new("--refractory") { Description = "Seconds after a detection during which no other fires.", DefaultValueFactory = _ => Defaults.RefractorySeconds };

    public void AddTo(Command command)
    {
        command.Options.Add(Threshold);
        command.Options.Add(MinFrames);
        command.Options.Add(Refractory);
    }

    public TriggerRule Read(ParseResult parse)
    {
        var rule = new TriggerRule { Threshold = parse.GetValue(Threshold), MinFrames = parse.GetValue(MinFrames), RefractorySeconds = parse.GetValue(Refractory) };
        rule.Validate();
        return rule;
    }
}
