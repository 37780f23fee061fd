using Recurrent.Audio;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Tests.Support;
using Recurrent.Wake;

namespace Recurrent.Tests.Wake;

public class WakeStreamTests
{
    public static TheoryData<string, int> Cases => new()
    {
        { "conv-gru", 1280 },  // the CLI's default 80 ms chunk
        { "conv-gru", 37 },    // chunks shorter than a hop: most pushes complete no frame
        { "conv-gru", 5000 },
        { "gru-mfcc", 1280 },
        { "conv-gru-pcen", 37 },
        { "conv-gru-pcen", 1280 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void StreamingScoresEqualWholeClipScores(string architecture, int chunk)
    {
        var config = architecture switch
        {
            "gru-mfcc" => WakeModelConfig.GruOverMfcc,
            "conv-gru-pcen" => new WakeModelConfig { ConvChannels = 8, HiddenSize = 6, Features = new FeatureSettings { Pcen = new PcenSettings() } },
            _ => new WakeModelConfig { ConvChannels = 8, HiddenSize = 6, NumLayers = 2 },
        };
        var model = new WakeModel<float>(config, new Rng(9));
        var samples = new float[16000];
        new Rng(10).FillUniform<float>(samples, -0.3, 0.3);

        var whole = WakeStream.ScoreClip(model, samples);
        var stream = new WakeStream(model);
        var streamed = new List<float>();
        for (var start = 0; start < samples.Length; start += chunk)
            streamed.AddRange(stream.Push(samples.AsSpan(start, Math.Min(chunk, samples.Length - start))).ToArray());

        Assert.Equal(97, whole.Length); // 1 + ⌊(16000 − 512)/160⌋
        Assert.Equal(whole.Length, (int)stream.FramesSeen);
        // Chunks give the GEMMs other row counts; allow float rounding only.
        TensorAssert.Close<float, float>("scores", whole, streamed.ToArray(), 1e-6, 1e-5);
    }
}
