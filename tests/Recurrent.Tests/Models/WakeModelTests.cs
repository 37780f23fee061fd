using Recurrent.Audio;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Models;

public sealed class WakeModelTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static WakeModelConfig Tiny(int convChannels, double dropout = 0, int wordClasses = 0) => new()
    {
        Dropout = dropout,
        WordClasses = wordClasses,
        Features = new FeatureSettings { MelCount = 4 },
        Normalization = new FeatureNormalization([0.5f, -1, 0, 2], [1, 2, 0.5f, 1]),
        ConvChannels = convChannels,
        ConvKernel = 2,
        HiddenSize = 3,
        NumLayers = 2,
    };

    /// <summary>
    /// With dropout, every forward draws the same masks (the generator is rewound), so the loss is a fixed function of
    /// the weights. With a word head the loss reads its logits too, so its gradient flows back with the detector's.
    /// </summary>
    [Theory]
    [InlineData(3, 0, 0)]
    [InlineData(0, 0, 0)]
    [InlineData(3, 0.4, 0)]
    [InlineData(0, 0.4, 0)]
    [InlineData(3, 0, 4)]
    [InlineData(0, 0.4, 3)]
    public void GradientsMatchFiniteDifferences(int convChannels, double dropout, int wordClasses)
    {
        const int steps = 4, batch = 2;
        var model = new WakeModel<double>(Tiny(convChannels, dropout, wordClasses), new Rng(4));
        var masks = model.Rng.State;
        var rng = new Rng(5);
        var features = new double[steps * batch * 4];
        var weights = new double[steps * batch];
        var wordWeights = new double[steps * batch * wordClasses];
        rng.FillUniform<double>(features, -1, 1);
        rng.FillUniform<double>(weights, -1, 1);
        rng.FillUniform<double>(wordWeights, -1, 1);
        double Loss()
        {
            model.Rng.Restore(masks);
            model.Forward(features, steps, batch, training: true);
            return model.Logits.ToArray().Zip(weights, (a, b) => a * b).Sum() + model.WordLogits.ToArray().Zip(wordWeights, (a, b) => a * b).Sum();
        }

        Loss();
        Assert.Equal(wordWeights.Length, model.WordLogits.Length);
        model.Parameters.ZeroGradients();
        model.Backward(weights, wordWeights);
        GradientCheck.CheckParameters(model.Parameters, Loss);
    }

    /// <summary>The word head is registered last and runs in training only: the detector is the model without it.</summary>
    [Fact]
    public void TheWordHeadComesLastAndOnlyTrainingRunsIt()
    {
        var withWords = new WakeModel<float>(Tiny(3, wordClasses: 5), new Rng(1));
        var detector = new WakeModel<float>(withWords.Config.Detector, new Rng(1));
        var features = new float[6 * 2 * 4];
        new Rng(2).FillUniform<float>(features, -1, 1);

        Assert.Equal(detector.Parameters.Count, withWords.DetectorParameterCount);
        Assert.Equal(detector.Parameters.Count + 5 * 3 + 5, withWords.Parameters.Count);
        Assert.Equal(detector.Parameters.Values.ToArray(), withWords.Parameters.Values[..withWords.DetectorParameterCount].ToArray());
        withWords.Forward(features, 6, 2);
        detector.Forward(features, 6, 2);
        Assert.Equal(detector.Logits.ToArray(), withWords.Logits.ToArray());
        Assert.True(withWords.WordLogits.IsEmpty);
        withWords.Forward(features, 6, 2, training: true);
        Assert.Equal(6 * 2 * 5, withWords.WordLogits.Length);
    }

    [Fact]
    public void WordClassesAreStoredOnlyWhenSet()
    {
        Assert.DoesNotContain("word_classes", Tiny(3).ToJson());
        Assert.Equal(7, WakeModelConfig.FromJson(Tiny(3, wordClasses: 7).ToJson()).WordClasses);
        Assert.Equal(0, Tiny(3, wordClasses: 7).Detector.WordClasses);
    }

    [Fact]
    public void DropoutActsInTrainingOnlyAndLeavesTheWeightsAlone()
    {
        var features = new float[6 * 2 * 4];
        new Rng(2).FillUniform<float>(features, -1, 1);
        var plain = new WakeModel<float>(Tiny(3), new Rng(1));
        var dropped = new WakeModel<float>(Tiny(3, dropout: 0.5), new Rng(1));
        plain.Forward(features, 6, 2, training: true);
        var expected = plain.Logits.ToArray();

        dropped.Forward(features, 6, 2, training: true);
        var training = dropped.Logits.ToArray();
        dropped.Forward(features, 6, 2);

        Assert.Equal(plain.Parameters.Values.ToArray(), dropped.Parameters.Values.ToArray());
        Assert.Equal(expected, dropped.Logits.ToArray());
        Assert.NotEqual(expected, training);
    }

    [Fact]
    public void DropoutIsStoredOnlyWhenSet()
    {
        Assert.DoesNotContain("dropout", Tiny(3).ToJson());
        Assert.Equal(0.25, WakeModelConfig.FromJson(Tiny(3, dropout: 0.25).ToJson()).Dropout);
    }

    [Fact]
    public void TrainingConditionsAreStoredOnlyWhenSetAndReadBack()
    {
        Assert.DoesNotContain("trained_for", Tiny(3).ToJson());
        var conditions = new WakeTrainingConditions(-5, 40, 12, 0.25);

        var read = WakeModelConfig.FromJson((Tiny(3) with { TrainedFor = conditions }).ToJson());

        Assert.Equal(conditions, read.TrainedFor);
        Assert.Null(WakeModelConfig.FromJson(Tiny(3).ToJson()).TrainedFor);
    }

    [Fact]
    public void SavedModelLoadsWithTheSameConfigurationAndOutputs()
    {
        var model = new WakeModel<float>(Tiny(3), new Rng(1));
        var path = _directory.PathOf("wake.safetensors");
        WakeModelFile.Save(model, path);

        var loaded = WakeModelFile.Load<float>(path);

        Assert.Equal(model.Config.ToJson(), loaded.Config.ToJson());
        var features = new float[5 * 4];
        new Rng(2).FillUniform<float>(features, -1, 1);
        model.Forward(features, 5, 1);
        loaded.Forward(features, 5, 1);
        Assert.Equal(model.Logits.ToArray(), loaded.Logits.ToArray());
        Assert.Contains("\"kind\":\"wake\"", SafeTensorsFile.Read(path).Metadata["recurrent"]);
    }

    [Fact]
    public void SequenceModelFileIsRefusedWithItsKindNamed()
    {
        var path = Fixtures.PathOf("models/lstm_tokens.safetensors");
        var error = Assert.Throws<InvalidDataException>(() => WakeModelFile.Load<float>(path));
        Assert.Equal($"{path}: model kind is 'sequence', not a wake-word model ('wake').", error.Message);
    }

    [Fact]
    public void MissingTensorIsNamed()
    {
        var model = new WakeModel<float>(Tiny(3), new Rng(1));
        var path = _directory.PathOf("partial.safetensors");
        new SafeTensorsWriter().AddMetadata("recurrent", model.Config.ToJson()).AddFloat<float>("head.bias", [0f], 1).Save(path);
        var error = Assert.Throws<InvalidDataException>(() => WakeModelFile.Load<float>(path));
        Assert.Contains("tensor 'conv.weight' is missing (shape (3, 4, 2) expected)", error.Message);
    }

    [Theory]
    [InlineData("""{"format_version":1,"kind":"wake","features":{"n_mels":40,"n_mfcc":50}}""", "Feature settings: 50 MFCCs from 40 mel bands is not possible.")]
    [InlineData("""{"format_version":1,"kind":"wake","features":{},"hidden_size":"big"}""", "the wake model config is damaged")]
    [InlineData("""{"format_version":2,"kind":"wake"}""", "wake model format_version 2; this version of Recurrent reads 1.")]
    [InlineData("""{"format_version":1,"kind":"wake","features":{},"conv_channels":-1}""", "Wake model config: conv_channels must be 0 (none) or positive.")]
    [InlineData("""{"format_version":1,"kind":"wake","features":{},"dropout":1}""", "Wake model config: dropout must be in [0, 1).")]
    [InlineData("""{"format_version":1,"kind":"wake","features":{},"word_classes":1}""", "Wake model config: word_classes must be 0 (no word head) or at least 2.")]
    [InlineData("""{"format_version":1,"kind":"wake","features":{},"trained_for":{"snr_db":[0],"gain_db":9,"narrowband":0}}""", "Wake model config: trained_for.snr_db must be [MIN, MAX].")]
    [InlineData("""{"format_version":1,"kind":"wake","features":{},"trained_for":{"snr_db":[0,40],"narrowband":0}}""", "Wake model config: trained_for.gain_db must be a number.")]
    public void BadConfigurationsAreExplained(string json, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => WakeModelConfig.FromJson(json));
        Assert.Contains(message, error.Message);
    }
}
