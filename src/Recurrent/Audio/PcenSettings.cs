using System.Globalization;
using System.Text.Json.Nodes;

namespace Recurrent.Audio;

/// <summary>
/// The constants of per-channel energy normalisation (<see cref="Pcen"/>). The defaults are those of Wang et al.,
/// "Trainable frontend for robust and far-field keyword spotting" (2017), and librosa's <c>pcen</c>: a 400 ms
/// smoother (s ≈ 0.025 at a 10 ms hop), gain α = 0.98, bias δ = 2, root r = ½, ε = 1e-6. Stored in the model file
/// with the other feature settings, so a model keeps the front end it was trained with.
/// </summary>
public sealed record PcenSettings
{
    /// <summary>Time constant of the per-band running average, τ: the smoother weight is s = 1 − e^(−hop/τ).</summary>
    public double TimeConstantMs { get; init; } = 400;

    /// <summary>α: how much of the running average is divided out; 1 removes every fixed per-band gain.</summary>
    public double Gain { get; init; } = 0.98;

    /// <summary>δ: added before the root, so that quiet bands compress to near zero instead of to noise.</summary>
    public double Bias { get; init; } = 2;

    /// <summary>r: the compressive root (½: a square root, gentler than a log on loud onsets).</summary>
    public double Power { get; init; } = 0.5;

    /// <summary>ε: keeps the division finite in silence.</summary>
    public double Epsilon { get; init; } = 1e-6;

    /// <summary>Fails with a message naming the first bad constant.</summary>
    public void Validate()
    {
        static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
        if (!(TimeConstantMs > 0 && double.IsFinite(TimeConstantMs))) throw new ArgumentException($"PCEN: the time constant must be positive, not {Text(TimeConstantMs)} ms.");
        if (!(Gain is >= 0 and <= 1)) throw new ArgumentException($"PCEN: the gain α must lie in [0, 1], not {Text(Gain)}.");
        if (!(Bias > 0 && double.IsFinite(Bias))) throw new ArgumentException($"PCEN: the bias δ must be positive, not {Text(Bias)}.");
        if (!(Power is > 0 and <= 1)) throw new ArgumentException($"PCEN: the root r must lie in (0, 1], not {Text(Power)}.");
        if (!(Epsilon > 0 && double.IsFinite(Epsilon))) throw new ArgumentException($"PCEN: ε must be positive, not {Text(Epsilon)}.");
    }

    public JsonObject ToJson() => new()
    {
        ["time_constant_ms"] = TimeConstantMs,
        ["gain"] = Gain,
        ["bias"] = Bias,
        ["power"] = Power,
        ["eps"] = Epsilon,
    };

    /// <summary>Reads what <see cref="ToJson"/> wrote; missing keys take their defaults.</summary>
    public static PcenSettings FromJson(JsonObject json)
    {
        var defaults = new PcenSettings();
        var settings = new PcenSettings
        {
            TimeConstantMs = (double?)json["time_constant_ms"] ?? defaults.TimeConstantMs,
            Gain = (double?)json["gain"] ?? defaults.Gain,
            Bias = (double?)json["bias"] ?? defaults.Bias,
            Power = (double?)json["power"] ?? defaults.Power,
            Epsilon = (double?)json["eps"] ?? defaults.Epsilon,
        };
        settings.Validate();
        return settings;
    }
}
