using System.Globalization;
using System.Text.Json.Nodes;

namespace Recurrent.Models;

/// <summary>
/// Where a wake-word model was trained to listen, stored in its file (<c>"trained_for"</c>): the background's range
/// of levels below the speech, the speech level's range around −26 dBFS, and the share of examples heard through an
/// 8 kHz channel. A detector degrades outside these (README, "Outside the benchmark's conditions"), so
/// <c>rnn info</c> shows them and <c>rnn wake listen</c> warns about 8 kHz audio given to a model that never heard any.
/// Models written before 2026-12-01 do not hold them.
/// </summary>
public sealed record WakeTrainingConditions(double MinSnrDb, double MaxSnrDb, double GainRangeDb, double NarrowbandProbability)
{
    public JsonObject ToJson() => new()
    {
        ["snr_db"] = new JsonArray(MinSnrDb, MaxSnrDb),
        ["gain_db"] = GainRangeDb,
        ["narrowband"] = NarrowbandProbability,
    };

    public static WakeTrainingConditions FromJson(JsonObject json)
    {
        double Read(JsonNode? node, string key) =>
            (double?)node ?? throw new ArgumentException($"Wake model config: trained_for.{key} must be a number.");
        var snr = json["snr_db"] as JsonArray;
        if (snr is not { Count: 2 }) throw new ArgumentException("Wake model config: trained_for.snr_db must be [MIN, MAX].");
        return new WakeTrainingConditions(Read(snr[0], "snr_db"), Read(snr[1], "snr_db"), Read(json["gain_db"], "gain_db"),
            Read(json["narrowband"], "narrowband"));
    }

    /// <summary>One line for <c>rnn info</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"background {MinSnrDb:G4}–{MaxSnrDb:G4} dB below speech at −26 dBFS ± {GainRangeDb:G4} dB; ")
        + (NarrowbandProbability > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{100 * NarrowbandProbability:G3}% of examples through an 8 kHz channel")
            : "full-band audio only (no 8 kHz examples)");
}
