using System.Text.Json.Nodes;

namespace Recurrent.Audio;

/// <summary>
/// Per-feature standardisation x' = (x − μ_f)/σ_f, with μ and σ measured on training audio and stored in the
/// model, so that a model sees inputs of unit scale whatever the microphone's level and the feature type.
/// </summary>
public sealed class FeatureNormalization
{
    /// <summary>Floor on σ: a feature that never varied (a silent band) is centred, not blown up.</summary>
    private const double MinimumDeviation = 1e-3;

    public FeatureNormalization(float[] mean, float[] deviation)
    {
        if (mean.Length != deviation.Length || mean.Length == 0)
            throw new ArgumentException($"Normalisation needs one mean and one deviation per feature; got {mean.Length} and {deviation.Length}.");
        if (deviation.Any(d => !(d > 0))) throw new ArgumentException("Normalisation deviations must be positive.");
        Mean = mean;
        Deviation = deviation;
    }

    public float[] Mean { get; }

    public float[] Deviation { get; }

    public int FeatureCount => Mean.Length;

    /// <summary>No change: μ = 0, σ = 1.</summary>
    public static FeatureNormalization Identity(int featureCount) =>
        new(new float[featureCount], Enumerable.Repeat(1f, featureCount).ToArray());

    /// <summary>μ and σ of every feature over all frames of all <paramref name="clips"/> ((T, F) each), summed in double.</summary>
    public static FeatureNormalization Fit(IEnumerable<float[]> clips, int featureCount)
    {
        var sum = new double[featureCount];
        var squares = new double[featureCount];
        long frames = 0;
        foreach (var clip in clips)
        {
            for (var i = 0; i < clip.Length; i++)
            {
                sum[i % featureCount] += clip[i];
                squares[i % featureCount] += (double)clip[i] * clip[i];
            }
            frames += clip.Length / featureCount;
        }
        if (frames == 0) throw new ArgumentException("No feature frames to measure the normalisation on.");
        var mean = new float[featureCount];
        var deviation = new float[featureCount];
        for (var f = 0; f < featureCount; f++)
        {
            var mu = sum[f] / frames;
            mean[f] = (float)mu;
            deviation[f] = (float)Math.Max(MinimumDeviation, Math.Sqrt(Math.Max(0, squares[f] / frames - mu * mu)));
        }
        return new FeatureNormalization(mean, deviation);
    }

    /// <summary>Normalises (T, F) frames in place.</summary>
    public void Apply(Span<float> frames)
    {
        for (var i = 0; i < frames.Length; i++)
        {
            var f = i % FeatureCount;
            frames[i] = (frames[i] - Mean[f]) / Deviation[f];
        }
    }

    public JsonObject ToJson() => new()
    {
        ["mean"] = new JsonArray([.. Mean.Select(m => (JsonNode)m)]),
        ["std"] = new JsonArray([.. Deviation.Select(d => (JsonNode)d)]),
    };

    public static FeatureNormalization FromJson(JsonObject json)
    {
        float[] Read(string key) => (json[key] as JsonArray ?? throw new ArgumentException($"Normalisation: '{key}' must be an array of numbers."))
            .Select(v => (float?)v ?? throw new ArgumentException($"Normalisation: '{key}' holds a non-number.")).ToArray();
        return new FeatureNormalization(Read("mean"), Read("std"));
    }
}
