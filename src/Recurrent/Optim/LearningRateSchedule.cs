using System.Globalization;

namespace Recurrent.Optim;

/// <summary>
/// A learning rate as a function of the step: the trainer sets <see cref="Optimizer{T}.LearningRate"/> to
/// <see cref="LearningRateAt"/> before each update. "Step" is whatever unit the trainer advances the schedule by
/// (optimizer steps or epochs), counted from 0.
/// </summary>
public abstract record LearningRateSchedule
{
    /// <summary>The rate at <paramref name="step"/> (0 for the first) for the base rate <paramref name="baseLearningRate"/>.</summary>
    public abstract double LearningRateAt(long step, double baseLearningRate);

    /// <summary>
    /// Reads a schedule from the CLI form: <c>constant</c>, <c>step:STEP_SIZE:GAMMA</c> (e.g. <c>step:1000:0.5</c>)
    /// or <c>exp:GAMMA</c> (e.g. <c>exp:0.999</c>).
    /// </summary>
    /// <exception cref="FormatException">The text is none of these forms.</exception>
    public static LearningRateSchedule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(':');
        var kind = parts[0].ToLowerInvariant();
        try
        {
            return (kind, parts.Length) switch
            {
                ("constant", 1) => new ConstantSchedule(),
                ("step", 3) => new StepDecaySchedule(ParseInt(parts[1]), ParseDouble(parts[2])),
                ("exp", 2) => new ExponentialDecaySchedule(ParseDouble(parts[1])),
                _ => throw new FormatException(),
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new FormatException(
                $"Invalid learning-rate schedule '{text}'; expected 'constant', 'step:STEP_SIZE:GAMMA' (e.g. step:1000:0.5) or 'exp:GAMMA' (e.g. exp:0.999).", e);
        }
    }

    private static int ParseInt(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static double ParseDouble(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
