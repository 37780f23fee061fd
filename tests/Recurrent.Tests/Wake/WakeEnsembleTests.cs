using Recurrent.Audio;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Tests.Support;
using Recurrent.Wake;

namespace Recurrent.Tests.Wake;

public class WakeEnsembleTests
{
    /// <summary>Three members with their own weights, layer counts and normalisations over the same 40 log-mel bands.</summary>
    private static WakeEnsemble ThreeMembers()
    {
        WakeModel<float> Member(int layers, float shift, ulong seed)
        {
            var count = new FeatureSettings().FeatureCount;
            var normalization = new FeatureNormalization([.. Enumerable.Range(0, count).Select(i => shift + 0.1f * i)], [.. Enumerable.Repeat(1.5f + 0.3f * shift, count)]);
            return new WakeModel<float>(new WakeModelConfig { ConvChannels = 8, HiddenSize = 6, NumLayers = layers, Normalization = normalization }, new Rng(seed));
        }
        return new WakeEnsemble([Member(1, -3f, 21), Member(2, 0f, 22), Member(1, 1f, 23)]);
    }

    private static float[] Noise(int length, ulong seed)
    {
        var samples = new float[length];
        new Rng(seed).FillUniform<float>(samples, -0.3, 0.3);
        return samples;
    }

    [Fact]
    public void ScoresAreTheSigmoidOfTheMembersMeanLogit()
    {
        var ensemble = ThreeMembers();
        var samples = Noise(16000, 5);
        var raw = new FeatureExtractor(ensemble.Features).Compute(samples);
        var steps = raw.Length / ensemble.Features.FeatureCount;
        var sums = new double[steps];
        foreach (var member in ensemble.Members)
        {
            var frames = raw.ToArray();
            member.Config.Normalization.Apply(frames);
            member.Forward(frames, steps, 1);
            for (var t = 0; t < steps; t++) sums[t] += member.Logits[t];
        }
        var expected = sums.Select(s => 1 / (1 + Math.Exp(-s / 3))).ToArray();

        var scores = WakeStream.ScoreClip(ensemble, samples);

        Assert.Equal(97, scores.Length);
        TensorAssert.Close<float, double>("scores", expected, scores, 1e-6, 1e-5);
        // Not any one member's scores: the mean moves them.
        foreach (var member in ensemble.Members)
            Assert.True(WakeStream.ScoreClip(member, samples).Zip(scores).Max(p => Math.Abs(p.First - p.Second)) > 1e-3);
    }

    [Theory]
    [InlineData(37)]    // shorter than a hop: most pushes complete no frame
    [InlineData(1280)]  // the CLI's default 80 ms chunk
    [InlineData(5000)]
    public void StreamingScoresEqualWholeClipScores(int chunk)
    {
        var ensemble = ThreeMembers();
        var samples = Noise(24000, 6);
        var whole = WakeStream.ScoreClip(ensemble, samples);

        var stream = new WakeStream(ensemble);
        var streamed = new List<float>();
        for (var start = 0; start < samples.Length; start += chunk)
            streamed.AddRange(stream.Push(samples.AsSpan(start, Math.Min(chunk, samples.Length - start))).ToArray());

        Assert.Equal(whole.Length, (int)stream.FramesSeen);
        TensorAssert.Close<float, float>("scores", whole, streamed.ToArray(), 1e-6, 1e-5);
    }

    [Fact]
    public void OneMemberScoresExactlyAsTheModelAlone()
    {
        var model = ThreeMembers().Members[1];
        var samples = Noise(16000, 7);
        var frames = new FeatureExtractor(model.Config.Features).Compute(samples);
        model.Config.Normalization.Apply(frames);
        model.Forward(frames, 97, 1);
        var expected = model.Logits.ToArray().Select(l => 1f / (1f + MathF.Exp(-l))).ToArray();

        Assert.Equal(expected, WakeStream.ScoreClip(new WakeEnsemble([model]), samples));
    }

    [Fact]
    public void MembersThatComputeOtherFeaturesAreRefusedByName()
    {
        var forty = new WakeModel<float>(new WakeModelConfig { ConvChannels = 8, HiddenSize = 6 }, new Rng(1));
        var narrow = new FeatureSettings { MelCount = 32 };
        var thirtyTwo = new WakeModel<float>(new WakeModelConfig
        {
            ConvChannels = 8, HiddenSize = 6, Features = narrow, Normalization = FeatureNormalization.Identity(narrow.FeatureCount),
        }, new Rng(2));

        var error = Assert.Throws<ArgumentException>(() => new WakeEnsemble([forty, forty, thirtyTwo], ["a.safetensors", "b.safetensors", "c.safetensors"]));
        Assert.Equal("c.safetensors computes other features than a.safetensors (n_mels 32 against 40); " +
            "models that listen together must share sample rate, window, hop, bands and feature kind.", error.Message);
        Assert.StartsWith("model 2 computes other features than model 1 (n_mels 32 against 40)", Assert.Throws<ArgumentException>(() => new WakeEnsemble([forty, thirtyTwo])).Message);
        Assert.Equal("A wake-word ensemble needs at least one model.", Assert.Throws<ArgumentException>(() => new WakeEnsemble([])).Message);
    }
}
