using Recurrent.Audio;
using Recurrent.Models;

namespace Recurrent.Wake;

/// <summary>
/// Wake-word models that listen together: every frame's score is σ(mean over the members of their logits).
/// Models trained alike but from other seeds go wrong in partly different places, so the mean evens out a bad seed:
/// on the FSDD benchmark four seeds' logits averaged read 9% false rejects at ≤ 1 false accept per hour against their
/// own 13.5%, two seeds 9.5% against 14.5 and 7.5% (docs/wake/fsdd.md). Logits rather than probabilities: a member sure of
/// itself (a logit of 8 against 3) counts for more than σ, flat near 1, would let it (11% when averaged that way).
/// The members must compute the same features, so that one extractor serves them all; each keeps its own
/// normalisation and recurrent state. One member is the model alone, with the same scores.
/// </summary>
public sealed class WakeEnsemble
{
    /// <param name="names">what error messages call each member (its file); "model 1", "model 2", … by default</param>
    public WakeEnsemble(IReadOnlyList<WakeModel<float>> members, IReadOnlyList<string>? names = null)
    {
        if (members.Count == 0) throw new ArgumentException("A wake-word ensemble needs at least one model.");
        if (names is not null && names.Count != members.Count)
            throw new ArgumentException($"{names.Count} names for {members.Count} models.", nameof(names));
        string Name(int i) => names?[i] ?? $"model {i + 1}";
        Features = members[0].Config.Features;
        for (var i = 1; i < members.Count; i++)
        {
            var features = members[i].Config.Features;
            if (features != Features)
                throw new ArgumentException($"{Name(i)} computes other features than {Name(0)} ({FirstDifference(features, Features)}); " +
                    "models that listen together must share sample rate, window, hop, bands and feature kind.");
        }
        Members = members;
    }

    /// <summary>Loads each model file (from <c>rnn wake train</c>); errors name the file.</summary>
    public static WakeEnsemble Load(IReadOnlyList<string> paths) => new([.. paths.Select(WakeModelFile.Load<float>)], paths);

    public IReadOnlyList<WakeModel<float>> Members { get; }

    /// <summary>The features every member reads.</summary>
    public FeatureSettings Features { get; }

    /// <summary>The first setting, as stored in the model file, where <paramref name="other"/> differs: "n_mels 32 against 40".</summary>
    private static string FirstDifference(FeatureSettings other, FeatureSettings first)
    {
        var theirs = other.ToJson();
        var ours = first.ToJson();
        foreach (var key in theirs.Select(p => p.Key).Union(ours.Select(p => p.Key)))
        {
            var a = theirs[key]?.ToJsonString() ?? "none";
            var b = ours[key]?.ToJsonString() ?? "none";
            if (a != b) return $"{key} {a} against {b}";
        }
        return "settings differ";
    }
}
