using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.Audio;
using Recurrent.Cli.Commands;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Tests.Support;
using Recurrent.Tests.Wake;
using Recurrent.Wake;

namespace Recurrent.Tests.Cli;

/// <summary>One tiny trained run shared by the wake command tests: tone "words" over generated noise.</summary>
public sealed class WakeRunFixture : IDisposable
{
    public WakeRunFixture()
    {
        Write("positives", 900, 3);
        Write("negatives", 300, 2);
        Train = CliRunner.Run("wake", "train", "--positives", PathOf("positives"), "--negatives", PathOf("negatives"), "--out", PathOf("run"),
            "--steps", "4", "--batch", "2", "--hidden", "4", "--conv-channels", "4", "--checkpoint-every", "2");
    }

    public TemporaryDirectory Directory { get; } = new();

    public (int ExitCode, string Output, string Error) Train { get; }

    public string PathOf(string name) => Directory.PathOf(name);

    public string Model => PathOf("run/model.safetensors");

    public void Dispose() => Directory.Dispose();

    private void Write(string folder, double frequency, int count)
    {
        System.IO.Directory.CreateDirectory(PathOf(folder));
        for (var i = 0; i < count; i++)
            WavFile.Write(PathOf($"{folder}/{i}.wav"), WakeMixerTests.Tone(frequency + 50 * i, 0.3), 16000);
    }
}

public class WakeCommandTests(WakeRunFixture run) : IClassFixture<WakeRunFixture>
{
    [Fact]
    public void TrainWritesTheRunFolder()
    {
        Assert.True(run.Train.ExitCode == 0, run.Train.Error);
        foreach (var file in new[] { "model.safetensors", "checkpoint.safetensors", "metrics.jsonl", "loss.svg" })
            Assert.True(File.Exists(run.PathOf("run/" + file)), file);
        var steps = File.ReadAllLines(run.PathOf("run/metrics.jsonl")).Select(l => (int)JsonNode.Parse(l)!["step"]!).ToArray();
        Assert.Equal([4], steps); // logged every 10 steps and at the last
        Assert.StartsWith("<svg", File.ReadAllText(run.PathOf("run/loss.svg")));
        Assert.Equal(4, WakeModelFile.Load<float>(run.Model).Config.ConvChannels);
    }

    [Fact]
    public void TrainPassesTheHardNegativeOptionsOn()
    {
        var folder = run.PathOf("hard");

        var (code, _, error) = CliRunner.Run("wake", "train", "--positives", run.PathOf("positives"), "--negatives", run.PathOf("negatives"),
            "--out", folder, "--steps", "3", "--batch", "2", "--hidden", "4", "--conv-channels", "4",
            "--hard-negatives", "0.5", "--hard-negatives-every", "2");

        Assert.True(code == 0, error);
        // Measured before step 3, one value per clip of other speech (two here).
        var checkpoint = SafeTensorsFile.Read(Path.Combine(folder, "checkpoint.safetensors"));
        Assert.Equal(2, checkpoint["training.negative_hardness"].ToArray<float>().Length);
        var options = JsonNode.Parse(checkpoint.Metadata["checkpoint"])!["options"]!;
        Assert.Equal(2, (int)options["HardNegativeEvery"]!);
        Assert.Equal(0.5, (double)options["Mix"]!["HardNegativeShare"]!);
    }

    [Fact]
    public void ResumeContinuesFromTheCheckpointStep()
    {
        Assert.Equal(0, run.Train.ExitCode);
        var folder = run.PathOf("resumed");
        System.IO.Directory.CreateDirectory(folder);
        foreach (var file in new[] { "checkpoint.safetensors", "metrics.jsonl" }) File.Copy(run.PathOf("run/" + file), Path.Combine(folder, file));

        var (code, output, error) = CliRunner.Run("wake", "train", "--positives", run.PathOf("positives"), "--negatives", run.PathOf("negatives"),
            "--out", folder, "--steps", "6", "--resume");

        Assert.True(code == 0, error);
        Assert.Contains("Resuming at step 4", output);
        var steps = File.ReadAllLines(Path.Combine(folder, "metrics.jsonl")).Select(l => (int)JsonNode.Parse(l)!["step"]!).ToArray();
        Assert.Equal([4, 6], steps);
    }

    [Fact]
    public void ListenPrintsTheDetectionsOfTheWholeFileScores()
    {
        Assert.Equal(0, run.Train.ExitCode);
        var samples = new float[8000].Concat(WakeMixerTests.Tone(900, 0.3)).Concat(new float[16000]).ToArray();
        new Rng(1).FillUniform<float>(samples.AsSpan(0, 8000), -0.01, 0.01);
        var wav = run.PathOf("listen.wav");
        WavFile.Write(wav, samples, 16000, WavEncoding.Float32);
        // A low threshold makes even a barely trained model fire, so there is something to compare.
        const double threshold = 0.05;

        var (code, output, error) = CliRunner.Run("wake", "listen", run.Model, "--input", wav, "--json", "--threshold", "0.05", "--chunk-ms", "30");

        Assert.True(code == 0, error);
        var model = WakeModelFile.Load<float>(run.Model);
        var expected = new List<Detection>();
        var features = model.Config.Features;
        new Trigger(new TriggerRule { Threshold = threshold }, features.HopSamples, features.FrameSamples, 16000)
            .Process(WakeStream.ScoreClip(model, samples), expected);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        var detections = lines.Where(l => (string?)l["event"] == "detection").ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(d => Math.Round(d.Seconds, 3)), detections.Select(d => (double)d["time"]!));
        Assert.Equal(expected.Count, (int)lines[^1]["detections"]!);
        Assert.Equal(1.8, (double)lines[^1]["audio_seconds"]!, 3); // 0.5 s + 0.3 s + 1 s
    }

    [Fact]
    public void EvalPrintsTheFourFiguresAndWritesTheDetCurve()
    {
        Assert.Equal(0, run.Train.ExitCode);
        var folder = run.PathOf("eval");

        var (code, output, error) = CliRunner.Run("wake", "eval", "--model", run.Model, "--positives", run.PathOf("positives"),
            "--negatives", run.PathOf("negatives"), "--hours", "0.01", "--snr", "10", "--out", folder, "--json");

        Assert.True(code == 0, error);
        var summary = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(["false_reject_rate_at_1_fa_per_hour", "false_reject_rate_at_0_5_fa_per_hour",
            "false_accepts_per_hour_at_default_threshold", "false_reject_rate_at_default_threshold"], summary.Select(p => p.Key));
        Assert.InRange((double)summary["false_reject_rate_at_default_threshold"]!, 0, 1);
        Assert.True((double)summary["false_accepts_per_hour_at_default_threshold"]! >= 0);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "det.json")))!;
        var thresholds = report["curve"]!.AsArray().Select(p => (double)p!["threshold"]!).ToList();
        // The fixed grid plus each held-out wake word's peak (at most 3 here).
        Assert.Subset(thresholds.ToHashSet(), WakeEvaluator.Thresholds.ToHashSet());
        Assert.InRange(thresholds.Count, WakeEvaluator.Thresholds.Count, WakeEvaluator.Thresholds.Count + 3);
        Assert.True(thresholds.Zip(thresholds.Skip(1)).All(p => p.First < p.Second), "thresholds rise strictly");
        Assert.Equal(3, (int)report["positives"]!);
        Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(folder, "det.svg")));
        // Every clip by its file, the wake words lowest peak first, the other speech highest first.
        var wakeWords = report["wake_words"]!.AsArray();
        Assert.Equal(["0.wav", "1.wav", "2.wav"], wakeWords.Select(c => (string)c!["clip"]!).Order());
        Assert.True(wakeWords.Select(c => (double)c!["peak"]!).Zip(wakeWords.Skip(1).Select(c => (double)c!["peak"]!)).All(p => p.First <= p.Second));
        Assert.Equal((int)report["curve"]!.AsArray().Single(p => (double)p!["threshold"]! == 0.5)!["misses"]!,
            wakeWords.Sum(c => (int)c!["false_rejects_at_default_threshold"]!));
        var otherSpeech = report["other_speech"]!.AsArray();
        Assert.Equal(["0.wav", "1.wav"], otherSpeech.Select(c => (string)c!["clip"]!).Order());
        Assert.True(otherSpeech.Sum(c => (int)c!["draws"]!) > 0);
        Assert.All(otherSpeech, c => Assert.True(c!.AsObject().ContainsKey("false_accepts_at_1_fa_per_hour")));
    }

    [Fact]
    public void EvalNamesTheWakeWordsItMissesAndTheOtherSpeechScoringHighest()
    {
        Assert.Equal(0, run.Train.ExitCode);

        // A trigger that needs 10 s above the threshold never fires in the wake-word stream, 3 clips in under 10 s: every
        // wake word is missed at every threshold.
        var (code, output, error) = CliRunner.Run("wake", "eval", "--model", run.Model, "--positives", run.PathOf("positives"),
            "--negatives", run.PathOf("negatives"), "--hours", "0.01", "--min-frames", "1000");

        Assert.True(code == 0, error);
        Assert.Contains("at ≤ 1 false accept per hour:   false rejects 100.0% (threshold ", output);
        Assert.Contains("wake words missed at ≤ 1 false accept per hour (3, lowest peak first): ", output);
        foreach (var clip in new[] { "0.wav", "1.wav", "2.wav" }) Assert.Matches($@"wake words missed .*\b{clip} \(0\)", output);
        Assert.Matches(@"other speech scoring highest: [01]\.wav \([0-9.e-]+\), [01]\.wav \(", output);
    }

    [Fact]
    public void EvalMeasuresUnderTheLevelAndChannelAskedForAndRecordsThem()
    {
        Assert.Equal(0, run.Train.ExitCode);
        JsonNode Evaluate(string folder, params string[] conditions)
        {
            var (code, _, error) = CliRunner.Run(["wake", "eval", "--model", run.Model, "--positives", run.PathOf("positives"),
                "--negatives", run.PathOf("negatives"), "--hours", "0.01", "--out", run.PathOf(folder), "--json", .. conditions]);
            Assert.True(code == 0, error);
            return JsonNode.Parse(File.ReadAllText(Path.Combine(run.PathOf(folder), "det.json")))!;
        }
        static string Curve(JsonNode report) => report["curve"]!.ToJsonString();

        var benchmark = Evaluate("eval-benchmark");
        var quiet = Evaluate("eval-quiet-8k", "--level-db", "-40", "--narrowband");

        Assert.Equal(0, (double)benchmark["level_db"]!);
        Assert.False((bool)benchmark["narrowband"]!);
        Assert.Equal(-40, (double)quiet["level_db"]!);
        Assert.True((bool)quiet["narrowband"]!);
        // The same streams (same seed) heard 40 dB lower through an 8 kHz channel score differently.
        Assert.NotEqual(Curve(benchmark), Curve(quiet));
        Assert.Contains("DET at 10 dB SNR, level −40 dB, 8 kHz channel", File.ReadAllText(Path.Combine(run.PathOf("eval-quiet-8k"), "det.svg")));
    }

    /// <summary>A second member beside the trained model: the same configuration and normalisation, other weights.</summary>
    private string SecondMember(string name)
    {
        var path = run.PathOf(name);
        WakeModelFile.Save(new WakeModel<float>(WakeModelFile.Load<float>(run.Model).Config, new Rng(17)), path);
        return path;
    }

    [Fact]
    public void ListenWithTwoModelsPrintsTheDetectionsOfTheirAveragedScores()
    {
        Assert.Equal(0, run.Train.ExitCode);
        var second = SecondMember("second-listen.safetensors");
        var samples = new float[32000];
        new Rng(2).FillUniform<float>(samples, -0.05, 0.05);
        var wav = run.PathOf("listen-two.wav");
        WavFile.Write(wav, samples, 16000, WavEncoding.Float32);
        var ensemble = WakeEnsemble.Load([run.Model, second]);
        var scores = WakeStream.ScoreClip(ensemble, samples);
        // A threshold among the averaged scores, so that their runs above it give detections to compare.
        var threshold = WakeDetectorTests.ThresholdNearTheMedian(scores);
        var expected = new List<Detection>();
        new Trigger(new TriggerRule { Threshold = threshold, MinFrames = 1, RefractorySeconds = 0.05 }, ensemble.Features.HopSamples, ensemble.Features.FrameSamples, 16000)
            .Process(scores, expected);

        var (code, output, error) = CliRunner.Run("wake", "listen", run.Model, second, "--input", wav, "--json",
            "--threshold", threshold.ToString("R", CultureInfo.InvariantCulture), "--min-frames", "1", "--refractory", "0.05");

        Assert.True(code == 0, error);
        var detections = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).Where(l => (string?)l["event"] == "detection");
        Assert.True(expected.Count >= 2, $"only {expected.Count} detection(s) to compare");
        Assert.Equal(expected.Select(d => Math.Round(d.Seconds, 3)), detections.Select(d => (double)d["time"]!));
    }

    [Fact]
    public void EvalWithTwoModelsMeasuresTheirAverageAndRecordsBoth()
    {
        Assert.Equal(0, run.Train.ExitCode);
        var second = SecondMember("second-eval.safetensors");
        JsonNode Evaluate(string folder, params string[] models)
        {
            var (code, _, error) = CliRunner.Run(["wake", "eval", .. models.SelectMany(m => new[] { "--model", m }), "--positives", run.PathOf("positives"),
                "--negatives", run.PathOf("negatives"), "--hours", "0.01", "--out", run.PathOf(folder), "--json"]);
            Assert.True(code == 0, error);
            return JsonNode.Parse(File.ReadAllText(Path.Combine(run.PathOf(folder), "det.json")))!;
        }

        var alone = Evaluate("eval-alone", run.Model);
        var together = Evaluate("eval-together", run.Model, second);

        Assert.Equal([run.Model], alone["models"]!.AsArray().Select(m => (string)m!));
        Assert.Equal([run.Model, second], together["models"]!.AsArray().Select(m => (string)m!));
        // The same streams (same seed) scored by the two models' mean give another curve.
        Assert.NotEqual(alone["curve"]!.ToJsonString(), together["curve"]!.ToJsonString());
    }

    [Fact]
    public void ModelsThatComputeOtherFeaturesAreOneErrorLineNamingBoth()
    {
        Assert.Equal(0, run.Train.ExitCode);
        var features = new FeatureSettings { MelCount = 32 };
        var other = run.PathOf("thirty-two-bands.safetensors");
        WakeModelFile.Save(new WakeModel<float>(new WakeModelConfig { ConvChannels = 4, HiddenSize = 4, Features = features,
            Normalization = FeatureNormalization.Identity(32) }, new Rng(1)), other);

        var (code, _, error) = CliRunner.Run("wake", "listen", run.Model, other, "--input", run.PathOf("positives/0.wav"));

        Assert.Equal(1, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"rnn: error: {other} computes other features than {run.Model} (n_mels 32 against 40); " +
            "models that listen together must share sample rate, window, hop, bands and feature kind.", line);
    }

    [Fact]
    public void InfoShowsTheConditionsTheModelTrainedFor()
    {
        Assert.Equal(0, run.Train.ExitCode);

        var (code, output, error) = CliRunner.Run("info", run.Model);

        Assert.True(code == 0, error);
        Assert.Contains("trained for  background 0–40 dB below speech at −26 dBFS ± 9 dB; full-band audio only (no 8 kHz examples)", output);
    }

    /// <summary>
    /// A model that never looks above 4 kHz, or that heard 8 kHz audio in training, needs no warning; an ensemble
    /// needs one when any of its models never heard such audio.
    /// </summary>
    [Theory]
    [InlineData(8000, 0.0, null, true)]
    [InlineData(16000, 0.0, null, false)]
    [InlineData(8000, 0.25, null, false)]
    [InlineData(8000, 0.0, 4000.0, false)]
    [InlineData(8000, 0.25, null, true, 0.0)]
    [InlineData(8000, 0.25, null, false, 0.5)]
    public void ListenWarnsAbout8KhzAudioOnlyWhenAModelNeverHeardAny(int rate, double narrowband, double? maxFrequency, bool warned, double? partnerNarrowband = null)
    {
        Assert.Equal(0, run.Train.ExitCode);
        var config = WakeModelFile.Load<float>(run.Model).Config;
        config = config with { Features = config.Features with { MaxFrequency = maxFrequency } };
        string Save(double chance)
        {
            var path = run.PathOf($"trained-for-{chance}-{maxFrequency}.safetensors");
            WakeModelFile.Save(new WakeModel<float>(config with { TrainedFor = new WakeTrainingConditions(0, 40, 9, chance) }, new Rng(1)), path);
            return path;
        }
        string[] models = partnerNarrowband is { } partner ? [Save(narrowband), Save(partner)] : [Save(narrowband)];
        var wav = run.PathOf($"tone-{rate}.wav");
        WavFile.Write(wav, WakeMixerTests.Tone(900, 0.5, rate), rate);

        var (code, _, error) = CliRunner.Run(["wake", "listen", .. models, "--input", wav]);

        Assert.Equal(0, code);
        var warning = $"rnn: warning: {wav} is 8000 Hz audio, with nothing above 4000 Hz, but this model's mel bands reach 8000 Hz " +
            "and it records no training on such audio; expect most wake words to be missed (train with 'rnn wake train --max-frequency 4000', or '--narrowband 0.25').";
        if (warned) Assert.Contains(warning, error);
        else Assert.Equal("", error);
    }

    [Fact]
    public void MalformedAudioIsOneErrorLineNamingTheFile()
    {
        var wav = run.PathOf("broken.wav");
        File.WriteAllBytes(wav, WavFile.ToBytes(WakeMixerTests.Tone(500, 0.1), 16000, WavEncoding.Pcm16)[..100]);

        var (code, _, error) = CliRunner.Run("wake", "listen", run.Model, "--input", wav);

        Assert.Equal(1, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"rnn: error: {wav}: truncated: the data chunk declares 3200 bytes but only 56 are present.", line);
    }

    [Fact]
    public void SequenceModelIsRefusedByListen()
    {
        var path = Fixtures.PathOf("models/lstm_tokens.safetensors");
        var (code, _, error) = CliRunner.Run("wake", "listen", path, "--input", run.PathOf("positives/0.wav"));
        Assert.Equal(1, code);
        Assert.Contains("model kind is 'sequence', not a wake-word model", error);
    }

    [Theory]
    [InlineData("--steps", "0", "must be positive")]
    [InlineData("--arch", "lstm", "lstm")]
    [InlineData("--lr-decay", "cosine", "Invalid learning-rate schedule 'cosine'")]
    [InlineData("--positive-weight", "0", "The positive weight must be positive; got 0.")]
    [InlineData("--pitch-semitones", "13", "The pitch range must be 0 to 12 semitones; got 13.")]
    [InlineData("--speed-range", "0.5", "The speed range must be at least 0 and below 0.5; got 0.5.")]
    [InlineData("--snr-range", "40:10", "The SNR range MIN:MAX must have −20 ≤ MIN ≤ MAX ≤ 100 dB; got 40:10.")]
    [InlineData("--narrowband", "1.5", "The narrowband chance must be 0 to 1; got 1.5.")]
    [InlineData("--gain-db", "31", "The gain range must be 0 to 30 dB; got 31.")]
    [InlineData("--snr-range", "40", "--snr-range must be MIN:MAX in dB, e.g. 0:40; got '40'.")]
    [InlineData("--max-frequency", "9000", "mel range 20–9000 Hz must lie within 0–8000 Hz")]
    [InlineData("--time-mask", "51", "The time mask width must be 0 to 50 frames; got 51.")]
    [InlineData("--mfcc", "41", "41 MFCCs from 40 mel bands is not possible")]
    [InlineData("--mels", "0", "at least one mel band is needed")]
    [InlineData("--word-loss", "-1", "The word loss weight must be 0 or positive; got -1.")]
    public void BadTrainingOptionsAreExplained(string option, string value, string message)
    {
        var (code, _, error) = CliRunner.Run("wake", "train", "--positives", run.PathOf("positives"), "--out", run.PathOf("bad"), option, value);
        Assert.NotEqual(0, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public void ScheduleAndPositiveWeightReachTheTrainer()
    {
        var (code, output, error) = TrainTwoSteps("scheduled", "--lr", "0.01", "--lr-decay", "exp:0.5", "--positive-weight", "3");

        Assert.True(code == 0, error);
        Assert.Contains("positive weight 3.0", output);
        var logged = JsonNode.Parse(File.ReadAllLines(run.PathOf("scheduled/metrics.jsonl"))[^1])!;
        Assert.Equal(0.0025, (double)logged["learning_rate"]!, 12); // the rate after two halvings
    }

    [Fact]
    public void FilterbankTopAndMasksReachTheModelAndCheckpoint()
    {
        var (code, _, error) = TrainTwoSteps("masked", "--max-frequency", "4000", "--freq-mask", "3", "--time-mask", "4");

        Assert.True(code == 0, error);
        Assert.Equal(4000, WakeModelFile.Load<float>(run.PathOf("masked/model.safetensors")).Config.Features.MaxFrequency);
        var options = JsonNode.Parse(SafeTensorsFile.Read(run.PathOf("masked/checkpoint.safetensors")).Metadata["checkpoint"])!["options"]!["Mix"]!;
        Assert.Equal(3, (int)options["FrequencyMaskBands"]!);
        Assert.Equal(4, (int)options["TimeMaskFrames"]!);
    }

    [Fact]
    public void VocalTractLengthPerturbationReachesTheCheckpoint()
    {
        var (code, _, error) = TrainTwoSteps("warped", "--vtlp", "0.12");

        Assert.True(code == 0, error);
        var options = JsonNode.Parse(SafeTensorsFile.Read(run.PathOf("warped/checkpoint.safetensors")).Metadata["checkpoint"])!["options"]!["Mix"]!;
        Assert.Equal(0.12, (double)options["VtlpRange"]!);
    }

    [Fact]
    public void TheAlignedStretchReachesTheCheckpoint()
    {
        var (code, _, error) = TrainTwoSteps("aligned", "--pitch-semitones", "3", "--aligned-stretch");

        Assert.True(code == 0, error);
        var options = JsonNode.Parse(SafeTensorsFile.Read(run.PathOf("aligned/checkpoint.safetensors")).Metadata["checkpoint"])!["options"]!["Mix"]!;
        Assert.True((bool)options["AlignedStretch"]!);
        Assert.Equal(3, (double)options["PitchSemitones"]!);
    }

    [Fact]
    public void AFrequencyWarpOverMfccsIsRefused()
    {
        var (code, _, error) = TrainTwoSteps("warped-cepstral", "--mfcc", "13", "--vtlp", "0.1");

        Assert.Equal(1, code);
        Assert.Contains("A frequency warp (VTLP) moves mel bands, but this model reads MFCCs", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void LevelAndBandOptionsReachTheCheckpoint()
    {
        var (code, _, error) = TrainTwoSteps("quiet", "--snr-range", "5:60", "--gain-db", "20", "--narrowband", "0.25");

        Assert.True(code == 0, error);
        var options = JsonNode.Parse(SafeTensorsFile.Read(run.PathOf("quiet/checkpoint.safetensors")).Metadata["checkpoint"])!["options"]!["Mix"]!;
        Assert.Equal(5, (double)options["MinSnrDb"]!);
        Assert.Equal(60, (double)options["MaxSnrDb"]!);
        Assert.Equal(20, (double)options["GainRangeDb"]!);
        Assert.Equal(0.25, (double)options["NarrowbandProbability"]!);
    }

    [Fact]
    public void FeatureChoiceReachesTheModelAndItsNormalisation()
    {
        var (code, _, error) = TrainTwoSteps("cepstral", "--mels", "32", "--mfcc", "12");

        Assert.True(code == 0, error);
        var config = WakeModelFile.Load<float>(run.PathOf("cepstral/model.safetensors")).Config;
        Assert.Equal(32, config.Features.MelCount);
        Assert.Equal(12, config.Features.MfccCount);
        Assert.Equal(12, config.Normalization.FeatureCount);
        Assert.Equal(12, config.FeatureCount);
    }

    [Fact]
    public void PcenReachesTheModelAndInfoSaysSo()
    {
        var (code, _, error) = TrainTwoSteps("pcen", "--pcen");

        Assert.True(code == 0, error);
        Assert.Equal(new PcenSettings(), WakeModelFile.Load<float>(run.PathOf("pcen/model.safetensors")).Config.Features.Pcen);
        var (infoCode, output, infoError) = CliRunner.Run("info", run.PathOf("pcen/model.safetensors"));
        Assert.True(infoCode == 0, infoError);
        Assert.Contains("40 mel bands through PCEN per 10 ms frame", output);
    }

    [Fact]
    public void DropoutReachesTheModel()
    {
        var (code, _, error) = TrainTwoSteps("dropout", "--dropout", "0.3");

        Assert.True(code == 0, error);
        Assert.Equal(0.3, WakeModelFile.Load<float>(run.PathOf("dropout/model.safetensors")).Config.Dropout);
    }

    [Fact]
    public void AveragedWeightsAreSavedAndTheirMeanKeptInTheCheckpoint()
    {
        var (code, output, error) = TrainTwoSteps("averaged", "--average-from", "1");

        Assert.True(code == 0, error);
        Assert.Contains("at step 2, the mean of the weights of its last 2 steps", output);
        var checkpoint = SafeTensorsFile.Read(run.PathOf("averaged/checkpoint.safetensors"));
        Assert.Equal(2, (int)JsonNode.Parse(checkpoint.Metadata["checkpoint"])!["averaged_steps"]!);
        var saved = WakeModelFile.Load<float>(run.PathOf("averaged/model.safetensors")).Parameters.Values.ToArray();
        Assert.Equal(checkpoint["training.average"].ToArray<float>(), saved);
        Assert.NotEqual(WakeModelFile.Load<float>(checkpoint).Parameters.Values.ToArray(), saved);  // the live weights go on
    }

    /// <summary>The fixture's negatives, linked by word, train a word head; the saved detector has none, the checkpoint keeps it.</summary>
    [Fact]
    public void TheWordLossReadsWordsFromSubfoldersAndTheSavedModelHasNoWordHead()
    {
        foreach (var (word, file) in new[] { ("low", "0.wav"), ("high", "1.wav") })
        {
            Directory.CreateDirectory(run.PathOf($"by-word/{word}"));
            File.Copy(run.PathOf($"negatives/{file}"), run.PathOf($"by-word/{word}/{file}"), overwrite: true);
        }
        var (code, output, error) = CliRunner.Run("wake", "train", "--positives", run.PathOf("positives"), "--negatives", run.PathOf("by-word"),
            "--out", run.PathOf("words"), "--steps", "2", "--batch", "2", "--hidden", "4", "--conv-channels", "4", "--word-loss", "0.5");

        Assert.True(code == 0, error);
        Assert.Contains("2 other clips in 2 words", output);
        Assert.Equal(0, WakeModelFile.Load<float>(run.PathOf("words/model.safetensors")).Config.WordClasses);
        var checkpoint = SafeTensorsFile.Read(run.PathOf("words/checkpoint.safetensors"));
        Assert.Equal(3, WakeModelFile.Load<float>(checkpoint).Config.WordClasses);
        Assert.Equal("[\"high\",\"low\"]", JsonNode.Parse(checkpoint.Metadata["checkpoint"])!["words"]!.ToJsonString());
        var (infoCode, info, infoError) = CliRunner.Run("info", run.PathOf("words/checkpoint.safetensors"));
        Assert.True(infoCode == 0, infoError);
        Assert.Contains("word head    3 words (training only; the saved detector drops it)", info);
    }

    [Fact]
    public void TheWordLossOverUnsortedNegativesIsOneClearError()
    {
        var (code, _, error) = TrainTwoSteps("unsorted", "--word-loss", "1");

        Assert.Equal(1, code);
        Assert.Contains("The word loss needs the other speech sorted into one subfolder per word", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void DropoutOfOneIsRefused()
    {
        var (code, _, error) = TrainTwoSteps("all-dropped", "--dropout", "1");

        Assert.Equal(1, code);
        Assert.Contains("Wake model config: dropout must be in [0, 1).", error);
    }

    [Fact]
    public void FrequencyMasksOverMfccsAreRefused()
    {
        var (code, _, error) = TrainTwoSteps("masked-cepstral", "--mfcc", "13", "--freq-mask", "3");

        Assert.Equal(1, code);
        Assert.Contains("this model reads MFCCs, each of which mixes every band; use log-mel features (no MFCCs)", error);
    }

    /// <summary>Two steps of a tiny model on the fixture's clips into run folder <paramref name="folder"/>, with <paramref name="options"/> added.</summary>
    private (int ExitCode, string Output, string Error) TrainTwoSteps(string folder, params string[] options) =>
        CliRunner.Run([
            "wake", "train", "--positives", run.PathOf("positives"), "--negatives", run.PathOf("negatives"), "--out", run.PathOf(folder),
            "--steps", "2", "--batch", "2", "--hidden", "4", "--conv-channels", "4", .. options,
        ]);

    [Fact]
    public void MissingPositivesFolderIsNamed()
    {
        var missing = run.PathOf("nowhere");
        var (code, _, error) = CliRunner.Run("wake", "train", "--positives", missing, "--out", run.PathOf("bad"));
        Assert.Equal(1, code);
        Assert.Contains($"{missing}: no such folder (given as --positives)", error);
    }

    [Fact]
    public void SynthChecksItsArgumentsBeforeRunningEspeak()
    {
        var (code, _, error) = CliRunner.Run("wake", "synth", "--word", "hey", "--out", run.PathOf("synth"), "--count", "0");
        Assert.Equal(1, code);
        Assert.Contains("--count must be positive", error);
    }

    [Fact]
    public void SynthRefusesAnUnknownEngine()
    {
        var (code, _, error) = CliRunner.Run("wake", "synth", "--word", "hey", "--out", run.PathOf("synth"), "--engine", "festival");
        Assert.Equal(1, code);
        Assert.Contains("--engine must be one of espeak-ng, flite, all; got 'festival'", error);
    }

    /// <summary>Every flite voice is drawn, each with a mean pitch inside its own range and a stretch of 0.8–1.25.</summary>
    [Fact]
    public void FliteClipsDrawEveryVoiceWithinItsPitchRange()
    {
        var rng = new Rng(3);
        var voices = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var arguments = WakeSynthCommand.FliteArguments("seven", "out.wav", rng);
            var voice = arguments[Array.IndexOf(arguments, "-voice") + 1];
            var (_, minF0, maxF0) = Assert.Single(WakeSynthCommand.FliteVoices, v => v.Voice == voice);
            voices.Add(voice);
            var settings = arguments.Where(a => a.Contains('=')).ToDictionary(a => a.Split('=')[0], a => double.Parse(a.Split('=')[1], CultureInfo.InvariantCulture));
            Assert.InRange(settings["int_f0_target_mean"], minF0, maxF0);
            Assert.InRange(settings["duration_stretch"], 0.8, 1.25);
            Assert.Equal(["-t", "seven", "-o", "out.wav"], arguments[^4..]);
        }
        Assert.Equal(WakeSynthCommand.FliteVoices.Select(v => v.Voice).Order(), voices.Order());
    }
}
