using Recurrent.Audio;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Tests.Support;
using Recurrent.Wake;

namespace Recurrent.Tests.Wake;

public sealed class WakeTrainerTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static readonly WakeModelConfig Small = new()
    {
        Features = new FeatureSettings { MelCount = 16 },
        Normalization = FeatureNormalization.Identity(16),
        ConvChannels = 8,
        ConvKernel = 3,
        HiddenSize = 8,
    };

    /// <summary>A decaying rate and wider perturbation than the defaults (a random channel, a frequency warp, masks, an onset trim and the aligned stretch too), so resuming must restore both from the checkpoint.</summary>
    private static readonly WakeTrainingOptions Options = new()
    {
        Batch = 4,
        LearningRate = 1e-2,
        Schedule = "exp:0.9",
        Mix = new MixSettings { SpeedRange = 0.2, PitchSemitones = 4, AlignedStretch = true, OnsetTrimSeconds = 0.05, VtlpRange = 0.1, ChannelDb = 6, FrequencyMaskBands = 4, TimeMaskFrames = 5 },
    };

    /// <summary>Tones as words: two wake-word tones, and other "speech" sorted into two words and one clip without a word.</summary>
    internal static WakeClips WordClips()
    {
        var tone = WakeMixerTests.Tone;
        return new WakeClips([tone(900, 0.4, 16000), tone(1100, 0.35, 16000)], [tone(300, 0.4, 16000), tone(500, 0.3, 16000), tone(2000, 0.3, 16000)],
            [], 16000, [0, 1, -1], ["low", "middle"]);
    }

    /// <summary>
    /// With dropout the masks' generator must come back from the checkpoint too, with averaging the mean so far, and
    /// with the word loss the word head's weights and moments (part of the model and optimizer).
    /// </summary>
    [Theory]
    [InlineData(0, null, 0)]
    [InlineData(0.25, null, 0)]
    [InlineData(0.25, 2, 0)]
    [InlineData(0.25, 2, 0.5)]
    [InlineData(0, null, 0, 0.5)]
    public void ResumingFromACheckpointContinuesExactly(double dropout, int? averageFrom, double wordLoss, double hardNegatives = 0)
    {
        var clips = wordLoss > 0 || hardNegatives > 0 ? WordClips() : WakeMixerTests.ToneClips();
        var config = Small with { Dropout = dropout };
        // Hardness measured before steps 3 and 5 (every 2): the resumed run must restore the first and measure the second.
        var options = Options with
        {
            AverageFrom = averageFrom,
            WordLossWeight = wordLoss,
            HardNegativeEvery = 2,
            Mix = Options.Mix with { HardNegativeShare = hardNegatives },
        };
        var straight = WakeTrainer.Start(config, clips, options, seed: 7);
        var expected = Enumerable.Range(0, 4).Select(_ => straight.TrainStep()).ToArray();

        var interrupted = WakeTrainer.Start(config, clips, options, seed: 7);
        interrupted.TrainStep();
        interrupted.TrainStep();
        var path = _directory.PathOf("checkpoint.safetensors");
        interrupted.SaveCheckpoint(path);
        var resumed = WakeTrainer.Resume(path, clips);
        double[] actual = [expected[0], expected[1], resumed.TrainStep(), resumed.TrainStep()];

        Assert.Equal(2, resumed.Step - 2);
        Assert.Equal(expected, actual);
        Assert.Equal(straight.Model.Parameters.Values.ToArray(), resumed.Model.Parameters.Values.ToArray());
        Assert.Equal(straight.ModelToSave().Parameters.Values.ToArray(), resumed.ModelToSave().Parameters.Values.ToArray());
        Assert.Equal(averageFrom is null ? 0 : 3, resumed.AveragedSteps);
    }

    /// <summary>The word loss adds to the BCE, and the model saved is the detector alone: the live weights' prefix.</summary>
    [Fact]
    public void TheWordLossAddsToTheLossAndTheSavedModelDropsTheWordHead()
    {
        var plain = WakeTrainer.Start(Small, WordClips(), Options, seed: 5);
        var words = WakeTrainer.Start(Small, WordClips(), Options with { WordLossWeight = 1 }, seed: 5);
        var plainLoss = plain.TrainStep();
        var wordsLoss = words.TrainStep();

        Assert.Equal(3, words.Model.Config.WordClasses); // "low", "middle" and the wake word
        Assert.Equal(0, plain.Model.Config.WordClasses);
        // The same examples and initial detector weights; ln 3 ≈ 1.1 is the untrained word loss.
        Assert.InRange(wordsLoss - plainLoss, 0.5, 2);
        var saved = words.ModelToSave();
        Assert.Equal(0, saved.Config.WordClasses);
        Assert.Equal(words.Model.Parameters.Values[..words.Model.DetectorParameterCount].ToArray(), saved.Parameters.Values.ToArray());
    }

    [Fact]
    public void TheWordLossNeedsOtherSpeechSortedIntoWords()
    {
        var error = Assert.Throws<ArgumentException>(() => WakeTrainer.Start(Small, WakeMixerTests.ToneClips(), Options with { WordLossWeight = 1 }, seed: 1));
        Assert.Contains("one subfolder per word", error.Message);
    }

    [Fact]
    public void ResumingOverOtherWordsIsRefused()
    {
        var trainer = WakeTrainer.Start(Small, WordClips(), Options with { WordLossWeight = 1 }, seed: 1);
        trainer.TrainStep();
        var path = _directory.PathOf("words.safetensors");
        trainer.SaveCheckpoint(path);
        var tone = WakeMixerTests.Tone;
        var renamed = new WakeClips([tone(900, 0.4, 16000)], [tone(300, 0.4, 16000), tone(500, 0.3, 16000)], [], 16000, [1, 0], ["high", "low"]);

        var error = Assert.Throws<InvalidDataException>(() => WakeTrainer.Resume(path, renamed));
        Assert.Contains("the run learned the words low, middle; the negatives now hold high, low", error.Message);
    }

    /// <summary>
    /// Each clip's hardness is its highest probability under the live model, alone in a quiet test stream; the trainer
    /// measures it on the steps asked for and the checkpoint keeps it, for the same clips only.
    /// </summary>
    [Fact]
    public void HardnessIsEachClipsPeakScoreAndTheCheckpointKeepsIt()
    {
        var clips = WordClips();
        var options = Options with { HardNegativeEvery = 2, Mix = Options.Mix with { HardNegativeShare = 0.5 } };
        var trainer = WakeTrainer.Start(Small, clips, options, seed: 4);
        trainer.TrainStep();
        trainer.TrainStep();
        var path = _directory.PathOf("hardness.safetensors");
        trainer.SaveCheckpoint(path);
        Assert.Null(SafeTensorsFile.Read(path).Find("training.negative_hardness")); // none measured before step 3
        var weights = trainer.Model.Parameters.Values.ToArray();
        trainer.TrainStep(); // measures with the weights after step 2, then steps
        trainer.SaveCheckpoint(path);

        var stored = SafeTensorsFile.Read(path)["training.negative_hardness"].ToArray<float>();
        var before = WakeTrainer.Start(Small, clips, options, seed: 4).Model;
        weights.CopyTo(before.Parameters.Values);
        var mixer = new WakeMixer(clips, options.Mix);
        var rng = new Rng(2); // the seed the trainer gives the measurement: its step
        var expected = clips.Negatives.Select(c => WakeStream.ScoreClip(before, mixer.Stream([c], NegativeHardness.SnrDb, rng).Samples).Max()).ToArray();
        Assert.Equal(expected, stored);
        Assert.All(stored, h => Assert.InRange(h, 0f, 1f));
        var fewer = new WakeClips(clips.Positives, clips.Negatives.Take(2).ToList(), [], 16000, [0, 1], ["low", "middle"]);
        Assert.Contains("the run measured 3 clips of other speech; the negatives now hold 2",
            Assert.Throws<InvalidDataException>(() => WakeTrainer.Resume(path, fewer)).Message);
    }

    [Fact]
    public void TheModelRecordsTheConditionsItTrainedForAndKeepsThemOnResuming()
    {
        var options = Options with { Mix = Options.Mix with { MinSnrDb = -3, MaxSnrDb = 25, GainRangeDb = 14, NarrowbandProbability = 0.5 } };
        var trainer = WakeTrainer.Start(Small, WakeMixerTests.ToneClips(), options, seed: 2);
        trainer.TrainStep();
        var path = _directory.PathOf("conditions.safetensors");
        trainer.SaveCheckpoint(path);

        var expected = new WakeTrainingConditions(-3, 25, 14, 0.5);
        Assert.Equal(expected, trainer.Model.Config.TrainedFor);
        Assert.Equal(expected, WakeTrainer.Resume(path, WakeMixerTests.ToneClips()).ModelToSave().Config.TrainedFor);
    }

    [Fact]
    public void SavedModelIsTheMeanOfTheWeightsFromTheAveragingStepOn()
    {
        var trainer = WakeTrainer.Start(Small, WakeMixerTests.ToneClips(), Options with { AverageFrom = 2 }, seed: 3);
        trainer.TrainStep();
        Assert.Same(trainer.Model, trainer.ModelToSave());
        var live = new List<float[]>();
        for (var step = 2; step <= 4; step++)
        {
            trainer.TrainStep();
            live.Add(trainer.Model.Parameters.Values.ToArray());
        }

        var saved = trainer.ModelToSave().Parameters.Values.ToArray();

        Assert.Equal(3, trainer.AveragedSteps);
        Assert.NotEqual(live[^1], saved);
        for (var i = 0; i < saved.Length; i++)
            Assert.True(Math.Abs(saved[i] - live.Average(w => (double)w[i])) < 1e-6, $"parameter {i}");
    }

    [Fact]
    public void AveragingFromStepZeroIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => WakeTrainer.Start(Small, WakeMixerTests.ToneClips(), Options with { AverageFrom = 0 }, seed: 1));
        Assert.Contains("Weight averaging must start at step 1 or later; got 0.", error.Message);
    }

    [Fact]
    public void PositiveWeightIsMeasuredAsNegativeOverPositiveFrames()
    {
        var clips = WakeMixerTests.ToneClips();
        var trainer = WakeTrainer.Start(Small, clips, Options, seed: 1);
        // Half the examples hold a word whose 300 ms span covers 30 of ~200 frames: about 2·200/30 − 1 ≈ 12.
        Assert.InRange(trainer.PositiveWeight, 6, 20);
        Assert.NotEqual(FeatureNormalization.Identity(16).Mean, trainer.Model.Config.Normalization.Mean);
    }

    [Fact]
    public void EachStepUsesTheScheduledRate()
    {
        var clips = WakeMixerTests.ToneClips();
        var trainer = WakeTrainer.Start(Small, clips, Options with { Schedule = "step:2:0.5" }, seed: 1);
        var used = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            trainer.TrainStep();
            used.Add(trainer.Optimizer.LearningRate);
        }
        Assert.Equal([1e-2, 1e-2, 5e-3, 5e-3, 2.5e-3], used);
        Assert.Equal(2.5e-3, trainer.LearningRate);
    }

    /// <summary>
    /// The warp reaches the batch: from the same seed, a run with it computes a different first loss from one
    /// without, while the weights it starts from and the audio it mixes are the same.
    /// </summary>
    [Fact]
    public void AFrequencyWarpChangesTheFeaturesTrainedOn()
    {
        var clips = WakeMixerTests.ToneClips();
        var plain = Options with { Mix = Options.Mix with { VtlpRange = 0 } };
        var warped = Options with { Mix = Options.Mix with { VtlpRange = 0.2 } };
        var first = WakeTrainer.Start(Small, clips, plain, seed: 4);
        var second = WakeTrainer.Start(Small, clips, warped, seed: 4);
        Assert.Equal(first.Model.Parameters.Values.ToArray(), second.Model.Parameters.Values.ToArray());
        Assert.NotEqual(first.TrainStep(), second.TrainStep());
    }

    [Fact]
    public void GivenPositiveWeightIsUsedAsIs()
    {
        var clips = WakeMixerTests.ToneClips();
        Assert.Equal(3, WakeTrainer.Start(Small, clips, Options with { PositiveWeight = 3 }, seed: 1).PositiveWeight);
    }

    [Fact]
    public void UnknownScheduleIsRefusedBeforeTraining()
    {
        var clips = WakeMixerTests.ToneClips();
        var error = Assert.Throws<FormatException>(() => WakeTrainer.Start(Small, clips, Options with { Schedule = "cosine" }, seed: 1));
        Assert.Contains("'cosine'", error.Message);
    }

    [Theory]
    [InlineData(0.5, 2, "speed range")]
    [InlineData(0.1, 13, "pitch range")]
    public void PerturbationOutOfRangeIsRefused(double speedRange, double pitchSemitones, string message)
    {
        var options = Options with { Mix = new MixSettings { SpeedRange = speedRange, PitchSemitones = pitchSemitones } };
        var error = Assert.Throws<ArgumentException>(() => WakeTrainer.Start(Small, WakeMixerTests.ToneClips(), options, seed: 1));
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData(-0.01, "-10 ms")]
    [InlineData(0.6, "600 ms")]
    public void OnsetTrimOutOfRangeIsRefused(double seconds, string shown)
    {
        var options = Options with { Mix = new MixSettings { OnsetTrimSeconds = seconds } };
        var error = Assert.Throws<ArgumentException>(() => WakeTrainer.Start(Small, WakeMixerTests.ToneClips(), options, seed: 1));
        Assert.Equal($"The onset trim must be 0 to 500 ms; got {shown}.", error.Message);
    }

    [Fact]
    public void ChannelOutOfRangeIsRefused()
    {
        var options = Options with { Mix = new MixSettings { ChannelDb = -1 } };
        var error = Assert.Throws<ArgumentException>(() => WakeTrainer.Start(Small, WakeMixerTests.ToneClips(), options, seed: 1));
        Assert.Contains("The channel range must be 0 to 30 dB; got -1.", error.Message);
    }

    [Fact]
    public void HardNegativeSettingsOutOfRangeAreRefused()
    {
        string Error(WakeTrainingOptions options) =>
            Assert.Throws<ArgumentException>(() => WakeTrainer.Start(Small, WakeMixerTests.ToneClips(), options, seed: 1)).Message;

        Assert.Equal("The hard-negative share must be 0 to 1; got 1.5.", Error(Options with { Mix = Options.Mix with { HardNegativeShare = 1.5 } }));
        Assert.Equal("Hardness must be measured every 1 or more steps; got 0.", Error(Options with { HardNegativeEvery = 0 }));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(0.31)]
    public void VocalTractLengthRangeOutOfRangeIsRefused(double range)
    {
        var options = Options with { Mix = new MixSettings { VtlpRange = range } };
        var error = Assert.Throws<ArgumentException>(() => WakeTrainer.Start(Small, WakeMixerTests.ToneClips(), options, seed: 1));
        Assert.Contains($"The vocal tract length range must be 0 to 0.3; got {range}.", error.Message);
    }

    [Fact]
    public void AFrequencyWarpOverMfccsIsRefused()
    {
        var config = Small with { Features = Small.Features with { MfccCount = 13 } };
        var options = Options with { Mix = new MixSettings { VtlpRange = 0.1 } };
        var error = Assert.Throws<ArgumentException>(() => WakeTrainer.Start(config, WakeMixerTests.ToneClips(), options, seed: 1));
        Assert.Contains("A frequency warp (VTLP) moves mel bands", error.Message);
    }

    [Fact]
    public void ARandomMicrophoneCurveOverPcenFeaturesIsRefused()
    {
        var config = Small with { Features = Small.Features with { Pcen = new PcenSettings() } };
        var error = Assert.Throws<ArgumentException>(() => WakeTrainer.Start(config, WakeMixerTests.ToneClips(), Options, seed: 1));
        Assert.Contains("PCEN features divide a fixed per-band gain out themselves", error.Message);
    }

    [Theory]
    [InlineData(13, 4, "MFCC")]
    [InlineData(0, 16, "must be below the number of mel bands (16)")]
    public void FrequencyMasksNeedLogMelBandsToMask(int mfccCount, int maskBands, string message)
    {
        var config = Small with { Features = Small.Features with { MfccCount = mfccCount } };
        var options = Options with { Mix = Options.Mix with { FrequencyMaskBands = maskBands } };
        var error = Assert.Throws<ArgumentException>(() => WakeTrainer.Start(config, WakeMixerTests.ToneClips(), options, seed: 1));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void TimeMasksWiderThanFiftyFramesAreRefused()
    {
        var options = Options with { Mix = new MixSettings { TimeMaskFrames = 51 } };
        var error = Assert.Throws<ArgumentException>(() => WakeTrainer.Start(Small, WakeMixerTests.ToneClips(), options, seed: 1));
        Assert.Contains("The time mask width must be 0 to 50 frames; got 51.", error.Message);
    }
}
