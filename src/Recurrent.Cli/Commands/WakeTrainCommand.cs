using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Recurrent.Audio;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Training;
using Recurrent.Wake;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn wake train --positives DIR --out DIR</c>: trains a wake-word detector on examples mixed on the fly, and
/// writes model.safetensors, checkpoint.safetensors (resume with --resume), metrics.jsonl and loss.svg to the run
/// folder.
/// </summary>
public static class WakeTrainCommand
{
    /// <summary>Log a metrics line every this many steps: often enough for a curve, rarely enough to read.</summary>
    private const int LogEvery = 10;

    public static Command Create(CliContext context)
    {
        var positives = new Option<DirectoryInfo>("--positives") { Description = "Folder of WAV clips of the wake word.", Required = true };
        var negatives = new Option<DirectoryInfo?>("--negatives") { Description = "Folder of WAV clips of other speech." };
        var background = new Option<DirectoryInfo?>("--background") { Description = "Folder of background recordings (default: generated noise)." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Run folder: model, checkpoint, metrics.jsonl, loss.svg.", Required = true };
        var steps = new Option<int?>("--steps") { Description = "Train until this step (default 300 when no budget is given)." };
        var epochs = new Option<double?>("--epochs") { Description = "Epochs: one epoch shows each wake-word clip once on average." };
        var minutes = new Option<double?>("--minutes") { Description = "Train for this many minutes of wall time." };
        var seed = new Option<ulong>("--seed") { Description = "Random seed: the same seed gives the same run.", DefaultValueFactory = _ => 1 };
        var resume = new Option<bool>("--resume") { Description = "Continue from OUT/checkpoint.safetensors." };
        var architecture = new Option<string>("--arch")
        {
            Description = "conv-gru (Conv1d over log-mel frames, then a GRU) or gru-mfcc (a small GRU over 13 MFCCs, Mycroft Precise's size).",
            DefaultValueFactory = _ => "conv-gru",
        };
        architecture.AcceptOnlyFromAmong("conv-gru", "gru-mfcc");
        var hidden = new Option<int?>("--hidden") { Description = "GRU units (default 64 for conv-gru, 20 for gru-mfcc)." };
        var layers = new Option<int>("--layers") { Description = "GRU layers.", DefaultValueFactory = _ => 1 };
        var convChannels = new Option<int?>("--conv-channels") { Description = "Conv1d channels (conv-gru; default 64)." };
        var convKernel = new Option<int?>("--conv-kernel") { Description = "Conv1d kernel in frames (conv-gru; default 5)." };
        var mels = new Option<int?>("--mels") { Description = "Mel bands (default 40)." };
        var mfcc = new Option<int?>("--mfcc") { Description = "MFCCs per frame instead of log-mel bands (default: 0, log-mel, for conv-gru; 13 for gru-mfcc)." };
        var maxFrequency = new Option<double?>("--max-frequency") { Description = "Top of the mel filterbank in Hz (default: half the sample rate); 4000 puts every band where 8 kHz recordings have sound." };
        var pcen = new Option<bool>("--pcen")
        {
            Description = "Per-channel energy normalisation (PCEN) of the mel bands instead of the log: each band divided by its own running level (400 ms), so a microphone's level and colour matter less.",
        };
        var dropout = new Option<double>("--dropout") { Description = "Dropout on the GRU's input, between its layers and on its output, in training (0: off)." };
        var batch = new Option<int>("--batch") { Description = "Examples per step.", DefaultValueFactory = _ => new WakeTrainingOptions().Batch };
        var learningRate = new Option<double>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => new WakeTrainingOptions().LearningRate };
        var lrDecay = new Option<string>("--lr-decay") { Description = "Learning-rate schedule: constant, step:N:GAMMA or exp:GAMMA (per step).", DefaultValueFactory = _ => "constant" };
        var positiveWeight = new Option<double?>("--positive-weight") { Description = "BCE weight of wake-word frames (default: negative over positive frames)." };
        var speedRange = new Option<double>("--speed-range") { Description = "Speed perturbation: ± this fraction (tempo and pitch together).", DefaultValueFactory = _ => new MixSettings().SpeedRange };
        var pitchSemitones = new Option<double>("--pitch-semitones") { Description = "Resample by ± this many semitones and stretch back to length: moves the formants, and the fundamental only with --aligned-stretch (README).", DefaultValueFactory = _ => new MixSettings().PitchSemitones };
        var alignedStretch = new Option<bool>("--aligned-stretch") { Description = "Stretch pitch-perturbed clips back with waveform-aligned overlap-add (WSOLA), so the pitch moves too." };
        var onsetTrim = new Option<double>("--onset-trim-ms") { Description = "Cut a random 0 to this many ms from the start of each clip, at most half of it (0: off)." };
        var vtlp = new Option<double>("--vtlp") { Description = "Vocal tract length perturbation: stretch each example's spectrum along frequency by a factor in 1 ± this (0: off; mel-band models)." };
        var channelDb = new Option<double>("--channel-db") { Description = "Random microphone per example: spectral tilt of up to ± this many dB (0: off)." };
        var gainDb = new Option<double>("--gain-db") { Description = "Speech level: ± this many dB around −26 dBFS.", DefaultValueFactory = _ => new MixSettings().GainRangeDb };
        var hardNegatives = new Option<double>("--hard-negatives")
        {
            Description = "Share of other-speech draws taken in proportion to how high the model scores each clip (0: all uniform).",
        };
        var hardNegativeEvery = new Option<int>("--hard-negatives-every")
        {
            Description = "Steps between measurements of how high the model scores each clip of other speech, for --hard-negatives.",
            DefaultValueFactory = _ => 1000,
        };
        var narrowband = new Option<double>("--narrowband") { Description = "Chance that an example passes through an 8 kHz channel, as telephone audio and 8 kHz recordings do (0: never)." };
        var snrRange = new Option<string>("--snr-range")
        {
            Description = "Background level: a signal-to-noise ratio drawn uniformly between MIN and MAX dB per example (MIN:MAX).",
            DefaultValueFactory = _ => string.Create(CultureInfo.InvariantCulture, $"{new MixSettings().MinSnrDb}:{new MixSettings().MaxSnrDb}"),
        };
        var frequencyMask = new Option<int>("--freq-mask") { Description = "SpecAugment: blank two runs of up to this many mel bands per example (0: off; log-mel models)." };
        var timeMask = new Option<int>("--time-mask") { Description = "SpecAugment: blank two runs of up to this many frames per example (0: off)." };
        var averageFrom = new Option<int?>("--average-from") { Description = "Save the mean of the weights after every step from this step on (weight averaging; default: the last weights)." };
        var wordLoss = new Option<double>("--word-loss")
        {
            Description = "Also learn which word each clip of other speech is (--negatives sorted into one subfolder per word), with this weight on that loss (0: off).",
        };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Save model and checkpoint every N steps.", DefaultValueFactory = _ => 50 };
        var command = new Command("train", "Train a wake-word detector on clips mixed over background audio on the fly.")
        {
            positives, negatives, background, output, steps, epochs, minutes, seed, resume, architecture, hidden, layers, convChannels,
            convKernel, mels, mfcc, maxFrequency, pcen, dropout, batch, learningRate, lrDecay, positiveWeight, speedRange, pitchSemitones, alignedStretch, onsetTrim, vtlp, channelDb, gainDb,
            snrRange, narrowband, hardNegatives, hardNegativeEvery, frequencyMask, timeMask, averageFrom, wordLoss, checkpointEvery,
        };
        command.SetAction(parse =>
        {
            var config = parse.GetValue(architecture) == "gru-mfcc" ? WakeModelConfig.GruOverMfcc : new WakeModelConfig();
            var features = config.Features with
            {
                MelCount = parse.GetValue(mels) ?? config.Features.MelCount,
                MfccCount = parse.GetValue(mfcc) ?? config.Features.MfccCount,
                MaxFrequency = parse.GetValue(maxFrequency) ?? config.Features.MaxFrequency,
                Pcen = parse.GetValue(pcen) ? new PcenSettings() : null,
            };
            features.Validate(); // before the normalisation is sized from it, so a bad count is named as such
            config = config with
            {
                HiddenSize = parse.GetValue(hidden) ?? config.HiddenSize,
                NumLayers = parse.GetValue(layers),
                ConvChannels = parse.GetValue(convChannels) ?? config.ConvChannels,
                ConvKernel = parse.GetValue(convKernel) ?? config.ConvKernel,
                Dropout = parse.GetValue(dropout),
                Features = features,
                Normalization = FeatureNormalization.Identity(features.FeatureCount),
            };
            var (minSnr, maxSnr) = ParseSnrRange(parse.GetValue(snrRange)!);
            var options = new WakeTrainingOptions
            {
                Batch = parse.GetValue(batch),
                LearningRate = parse.GetValue(learningRate),
                Schedule = parse.GetValue(lrDecay)!,
                PositiveWeight = parse.GetValue(positiveWeight),
                AverageFrom = parse.GetValue(averageFrom),
                WordLossWeight = parse.GetValue(wordLoss),
                HardNegativeEvery = parse.GetValue(hardNegativeEvery),
                Mix = new MixSettings
                {
                    SpeedRange = parse.GetValue(speedRange),
                    PitchSemitones = parse.GetValue(pitchSemitones),
                    AlignedStretch = parse.GetValue(alignedStretch),
                    OnsetTrimSeconds = parse.GetValue(onsetTrim) / 1000,
                    VtlpRange = parse.GetValue(vtlp),
                    ChannelDb = parse.GetValue(channelDb),
                    GainRangeDb = parse.GetValue(gainDb),
                    NarrowbandProbability = parse.GetValue(narrowband),
                    HardNegativeShare = parse.GetValue(hardNegatives),
                    MinSnrDb = minSnr,
                    MaxSnrDb = maxSnr,
                    FrequencyMaskBands = parse.GetValue(frequencyMask),
                    TimeMaskFrames = parse.GetValue(timeMask),
                },
            };
            return Execute(context, config, options, parse.GetValue(positives)!.FullName, parse.GetValue(negatives)?.FullName,
                parse.GetValue(background)?.FullName, parse.GetValue(output)!.FullName, parse.GetValue(steps), parse.GetValue(epochs),
                parse.GetValue(minutes), parse.GetValue(seed), parse.GetValue(resume), parse.GetValue(checkpointEvery));
        });
        return command;
    }

    private static int Execute(CliContext context, WakeModelConfig config, WakeTrainingOptions options, string positives, string? negatives,
        string? background, string outputDirectory, int? steps, double? epochs, double? minutes, ulong seed, bool resume, int checkpointEvery)
    {
        if (new[] { steps is not null, epochs is not null, minutes is not null }.Count(b => b) > 1)
            throw new ArgumentException("give one budget: --steps, --epochs or --minutes.");
        if (steps is <= 0 || epochs is not null and not > 0 || minutes is not null and not > 0)
            throw new ArgumentException("the budget (--steps, --epochs or --minutes) must be positive.");
        if (checkpointEvery <= 0) throw new ArgumentException("--checkpoint-every must be positive.");
        config.Validate();
        options.Validate();
        var o = context.Output;
        var clips = WakeClips.Load(positives, negatives, background, config.Features.SampleRate);
        Directory.CreateDirectory(outputDirectory);
        var modelPath = Path.Combine(outputDirectory, "model.safetensors");
        var checkpointPath = Path.Combine(outputDirectory, "checkpoint.safetensors");
        WakeTrainer trainer;
        if (resume)
        {
            if (!File.Exists(checkpointPath)) throw new FileNotFoundException($"{checkpointPath}: no checkpoint to resume from.");
            trainer = WakeTrainer.Resume(checkpointPath, clips);
            o.WriteLine($"Resuming at step {trainer.Step} from {checkpointPath}.");
        }
        else
        {
            trainer = WakeTrainer.Start(config, clips, options, seed);
        }
        var metricsPath = Path.Combine(outputDirectory, "metrics.jsonl");
        var metrics = resume ? TrainingMetrics.Load(metricsPath, trainer.Step) : [];
        var stepsPerEpoch = (int)Math.Ceiling(clips.Positives.Count / (trainer.Options.Batch * trainer.Options.Mix.PositiveProbability));
        var lastStep = steps ?? (epochs is { } e ? (int)Math.Ceiling(e * stepsPerEpoch) : minutes is null ? 300 : int.MaxValue);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Training a {(trainer.Model.Config.ConvChannels > 0 ? "Conv1d+GRU" : "GRU")} wake-word model ({trainer.Model.Parameters.Count:N0} parameters) on {clips.Positives.Count} wake-word clips, {clips.Negatives.Count} other clips{(trainer.Model.Config.WordClasses > 0 ? $" in {clips.WordNames.Count} words" : "")}, {(clips.Backgrounds.Count > 0 ? $"{clips.Backgrounds.Count} background recordings" : "generated noise")}; positive weight {trainer.PositiveWeight:F1}."));

        var clock = Stopwatch.StartNew();
        var recent = new List<double>();
        while (trainer.Step < lastStep && (minutes is not { } m || clock.Elapsed.TotalMinutes < m))
        {
            recent.Add(trainer.TrainStep());
            if (trainer.Step % LogEvery == 0 || trainer.Step == lastStep)
            {
                var loss = recent.Average();
                recent.Clear();
                var examplesPerSecond = trainer.Step * trainer.Options.Batch / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
                metrics.Add(new TrainingMetrics(trainer.Step, trainer.Step / stepsPerEpoch, loss, null, trainer.LearningRate,
                    clock.Elapsed.TotalSeconds, examplesPerSecond));
                TrainingMetrics.Save(metricsPath, metrics);
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"step {trainer.Step,6}  loss {loss:F4}  ({examplesPerSecond:F1} examples/s since start)"));
            }
            if (trainer.Step % checkpointEvery == 0) Save(trainer, modelPath, checkpointPath);
        }
        Save(trainer, modelPath, checkpointPath);
        var points = metrics.Select(r => ((double)r.Step, r.TrainLoss)).ToList();
        LinePlot.Write(Path.Combine(outputDirectory, "loss.svg"), "Wake-word training loss", "step", "weighted BCE per frame",
            [new LinePlot.Series("training", LinePlot.Palette[0], points)]);
        var averaged = trainer.AveragedSteps > 0 ? $", the mean of the weights of its last {trainer.AveragedSteps} steps" : "";
        o.WriteLine($"Saved {modelPath} at step {trainer.Step}{averaged} (listen: ./rnn wake listen {modelPath} --input FILE.wav).");
        return 0;
    }

    private static (double Min, double Max) ParseSnrRange(string text)
    {
        var parts = text.Split(':');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var min)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var max))
            return (min, max);
        throw new ArgumentException($"--snr-range must be MIN:MAX in dB, e.g. 0:40; got '{text}'.");
    }

    private static void Save(WakeTrainer trainer, string modelPath, string checkpointPath)
    {
        WakeModelFile.Save(trainer.ModelToSave(), modelPath);
        trainer.SaveCheckpoint(checkpointPath);
    }
}
