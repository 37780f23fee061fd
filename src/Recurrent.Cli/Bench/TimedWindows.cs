using System.Diagnostics;

namespace Recurrent.Cli.Bench;

/// <summary>
/// Measures a repeated action: warms it up, then runs it for the time budget split into several windows and
/// reports the median rate, which shrugs off a window disturbed by the rest of the machine.
/// </summary>
internal static class TimedWindows
{
    /// <summary>Windows a measurement is split into; five gives a median that one noisy window cannot move.</summary>
    private const int Windows = 5;

    /// <summary>Median of the per-window rates of <paramref name="action"/>, in calls per second.</summary>
    /// <param name="seconds">total measured time, after a warm-up of a fifth of it (at least two calls)</param>
    public static double MedianCallsPerSecond(Action action, double seconds)
    {
        var warmUp = Stopwatch.StartNew();
        var calls = 0;
        while (calls < 2 || warmUp.Elapsed.TotalSeconds < seconds / Windows)
        {
            action();
            calls++;
        }
        var rates = new double[Windows];
        for (var window = 0; window < Windows; window++)
        {
            var clock = Stopwatch.StartNew();
            var count = 0;
            while (count < 1 || clock.Elapsed.TotalSeconds < seconds / Windows)
            {
                action();
                count++;
            }
            rates[window] = count / clock.Elapsed.TotalSeconds;
        }
        Array.Sort(rates);
        return rates[Windows / 2];
    }
}
