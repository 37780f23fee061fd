using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Audio;
using Recurrent.IO;
using Recurrent.Kernels;
using Recurrent.Losses;
using Recurrent.Models;
using Recurrent.Optim;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Wake;

/// <summary>
/// Trains a <see cref="WakeModel{T}"/> on examples mixed on the fly: each step mixes a batch, computes normalised
/// features and frame labels, and takes one optimizer step on the positive-weighted per-frame BCE, with global-norm
/// clipping. The data generator's random state is part of the checkpoint, so a resumed run draws the same examples
/// an uninterrupted one would. Examples are mixed in parallel, each from its own seed drawn in order from the data
/// generator, so the batch does not depend on thread scheduling. With <see cref="WakeTrainingOptions.AverageFrom"/>
/// it also keeps the running mean of the weights, which is the model it saves. With
/// <see cref="WakeTrainingOptions.WordLossWeight"/> the model carries a word head and the loss adds its cross-entropy;
/// the model saved drops the head. With <see cref="MixSettings.HardNegativeShare"/> it measures every
/// <see cref="WakeTrainingOptions.HardNegativeEvery"/> steps how much the live model takes each clip of other speech
/// for the wake word, and the mixer draws that share of other speech accordingly. Legend: T frames, B batch,
/// F features, K word classes.
/// </summary>
public sealed class WakeTrainer
{
    /// <summary>Examples whose features fix the normalisation and positive weight before training.</summary>
    private const int CalibrationExamples = 64;

    private const int CheckpointFormatVersion = 1;
    private const string CheckpointKey = "checkpoint";

    private readonly WakeMixer _mixer;
    private readonly FeatureExtractor[] _features;   // (B) one per example slot: extractors hold scratch buffers
    private readonly ChannelPerturbation[] _channels; // (B) likewise
    private readonly FrequencyWarp[] _warps;          // (B) likewise; none unless the run warps
    private readonly BinaryCrossEntropyWithLogitsLoss<float> _loss;
    private readonly CrossEntropyLoss<float>? _wordLoss;  // null without a word head
    private readonly int[] _wordTargets;              // (T, B) word index per frame, or the ignore index
    private readonly int[][] _exampleWordTargets;     // (B, T)
    private readonly List<(int End, int Word)>[] _wordEnds; // (B) where each example's other words end
    private readonly float[] _dWordLogits;            // (T, B, K)
    private readonly float[] _batchFeatures, _labels, _dLogits;
    private readonly float[][] _exampleLabels;        // (B, T)
    private readonly ulong[] _seeds;                  // (B)
    private readonly int _steps;
    private readonly LearningRateSchedule _schedule;
    private readonly WeightAverage<float> _average;
    private WakeModel<float>? _savedModel;            // the detector to save, made at the first save that needs one
    private float[]? _hardness;                       // the negatives' last measured hardness, with a hard-negative share

    private WakeTrainer(WakeModel<float> model, WakeMixer mixer, WakeTrainingOptions options, double positiveWeight, Rng dataRng)
    {
        Model = model;
        _mixer = mixer;
        Options = options;
        PositiveWeight = positiveWeight;
        DataRng = dataRng;
        Optimizer = OptimizerFactory.Create<float>(options.Optimizer, model.Parameters.Count, options.LearningRate);
        _features = [.. Enumerable.Range(0, options.Batch).Select(_ => new FeatureExtractor(model.Config.Features))];
        _channels = [.. Enumerable.Range(0, options.Batch).Select(_ => new ChannelPerturbation(model.Config.Features))];
        _warps = options.Mix.VtlpRange > 0 ? [.. Enumerable.Range(0, options.Batch).Select(_ => new FrequencyWarp(model.Config.Features))] : [];
        _loss = new BinaryCrossEntropyWithLogitsLoss<float>(Reduction.Mean, positiveWeight);
        _steps = _features[0].FrameCount(mixer.ExampleSamples);
        if (_steps == 0) throw new ArgumentException("Training examples are shorter than one feature frame.");
        _batchFeatures = new float[_steps * options.Batch * model.Config.FeatureCount];
        _labels = new float[_steps * options.Batch];
        _dLogits = new float[_labels.Length];
        _exampleLabels = [.. Enumerable.Range(0, options.Batch).Select(_ => new float[_steps])];
        _seeds = new ulong[options.Batch];
        _schedule = options.ParsedSchedule;
        _average = new WeightAverage<float>(options.AverageFrom is null ? 0 : model.Parameters.Count);
        var classes = model.Config.WordClasses;
        if (classes > 0) _wordLoss = new CrossEntropyLoss<float>(classes);
        _wordTargets = new int[classes > 0 ? _labels.Length : 0];
        _exampleWordTargets = [.. Enumerable.Range(0, classes > 0 ? options.Batch : 0).Select(_ => new int[_steps])];
        _wordEnds = [.. Enumerable.Range(0, options.Batch).Select(_ => new List<(int, int)>())];
        _dWordLogits = new float[_wordTargets.Length * classes];
    }

    public WakeModel<float> Model { get; }

    public WakeTrainingOptions Options { get; }

    public Optimizer<float> Optimizer { get; }

    /// <summary>Draws every example; saved in the checkpoint.</summary>
    public Rng DataRng { get; }

    public double PositiveWeight { get; }

    public int Step { get; private set; }

    /// <summary>The rate the next step uses: the schedule at <see cref="Step"/>.</summary>
    public double LearningRate => _schedule.LearningRateAt(Step, Options.LearningRate);

    /// <summary>
    /// Starts a run: measures the feature normalisation (and, unless given, the positive weight) on
    /// freshly mixed examples, then builds the model from <paramref name="config"/> with that normalisation.
    /// </summary>
    public static WakeTrainer Start(WakeModelConfig config, WakeClips clips, WakeTrainingOptions options, ulong seed)
    {
        options.Validate();
        CheckAugmentationFits(config, options.Mix);
        if (options.WordLossWeight > 0 && clips.WordNames.Count == 0)
            throw new ArgumentException("The word loss needs the other speech sorted into one subfolder per word (--negatives DIR holding DIR/WORD/*.wav); these negatives lie in no subfolder.");
        var mixer = new WakeMixer(clips, options.Mix);
        var dataRng = new Rng(seed);
        var extractor = new FeatureExtractor(config.Features);
        var examples = new List<float[]>();
        long positives = 0, frames = 0;
        var span = SpanSamples(config);
        for (var i = 0; i < CalibrationExamples; i++)
        {
            var (samples, wakeEnds) = mixer.NextExample(dataRng);
            var features = extractor.Compute(samples);
            examples.Add(features);
            var labels = new float[features.Length / config.FeatureCount];
            WakeMixer.Labels(labels, wakeEnds, extractor.HopSamples, extractor.FrameSamples, span);
            positives += (long)labels.Sum();
            frames += labels.Length;
        }
        var positiveWeight = options.PositiveWeight ?? (positives == 0 ? 1 : (double)(frames - positives) / positives);
        var mix = options.Mix;
        var calibrated = config with
        {
            Normalization = FeatureNormalization.Fit(examples, config.FeatureCount),
            TrainedFor = new WakeTrainingConditions(mix.MinSnrDb, mix.MaxSnrDb, mix.GainRangeDb, mix.NarrowbandProbability),
            // The negatives' words and, last, the wake word.
            WordClasses = options.WordLossWeight > 0 ? clips.WordNames.Count + 1 : 0,
        };
        var model = new WakeModel<float>(calibrated, new Rng(seed ^ 0x5EED));
        return new WakeTrainer(model, mixer, options, positiveWeight, dataRng);
    }

    /// <summary>
    /// One optimizer step on a freshly mixed batch; returns the loss before the step: the mean per-frame BCE, plus the
    /// weighted word cross-entropy with a word head.
    /// </summary>
    public double TrainStep()
    {
        var batch = Options.Batch;
        var width = Model.Config.FeatureCount;
        var span = SpanSamples(Model.Config);
        if (Options.Mix.HardNegativeShare > 0 && Step > 0 && Step % Options.HardNegativeEvery == 0 && _mixer.Negatives.Count > 0)
        {
            // Its own seed, so measuring draws nothing from the data generator; a run resumed at this step measures the
            // same weights again and gets the same values.
            _hardness = NegativeHardness.Measure(Model, _mixer, (ulong)Step);
            _mixer.SetNegativeHardness(_hardness);
        }
        for (var b = 0; b < batch; b++) _seeds[b] = DataRng.NextUInt64();
        // No more threads than the kernels may use: left unbounded, the thread pool kept adding workers (8 to 10 running
        // in a run told it had one core), and two such runs side by side, as the FSDD benchmark's JOBS=2 trains, got
        // through 64 examples a second each where they get 79 with the cap (one 300-step comparison, the same weights).
        Parallel.For(0, batch, new ParallelOptions { MaxDegreeOfParallelism = KernelThreads.Count }, b =>
        {
            var rng = new Rng(_seeds[b]);
            var wordEnds = _wordLoss is null ? null : _wordEnds[b];
            wordEnds?.Clear();
            var (samples, wakeEnds) = _mixer.NextExample(rng, wordEnds);
            var extractor = _features[b];
            var features = extractor.Compute(samples);
            // Drawn after the mix, so a run without them draws the same examples as before they existed. The voice is
            // warped before the microphone colours it.
            if (Options.Mix.VtlpRange > 0) _warps[b].Apply(features, Options.Mix.VtlpRange, rng);
            if (Options.Mix.ChannelDb > 0) _channels[b].Apply(features, Options.Mix.ChannelDb, rng);
            Model.Config.Normalization.Apply(features);
            if (Options.Mix.FrequencyMaskBands > 0 || Options.Mix.TimeMaskFrames > 0)
                SpectrogramMasking.Apply(features, width, Options.Mix.FrequencyMaskBands, Options.Mix.TimeMaskFrames, rng);
            var labels = _exampleLabels[b];
            WakeMixer.Labels(labels, wakeEnds, extractor.HopSamples, extractor.FrameSamples, span);
            if (wordEnds is not null)
                WakeMixer.WordTargets(_exampleWordTargets[b], wakeEnds, wordEnds, Model.Config.WordClasses - 1, extractor.HopSamples,
                    extractor.FrameSamples, span, CrossEntropyLoss<float>.DefaultIgnoreIndex);
            // Example b becomes column b of the time-major batch, (T, F) → (T, B, F): slots never overlap.
            for (var t = 0; t < _steps; t++)
            {
                features.AsSpan(t * width, width).CopyTo(_batchFeatures.AsSpan((t * batch + b) * width, width));
                _labels[t * batch + b] = labels[t];
                if (wordEnds is not null) _wordTargets[t * batch + b] = _exampleWordTargets[b][t];
            }
        });
        Model.Forward(_batchFeatures, _steps, batch, training: true);
        var loss = _loss.Forward(Model.Logits, _labels);
        // A batch may hold no word end at all; its word loss would be 0/0, so it has none.
        var words = _wordLoss is not null && Array.Exists(_wordTargets, w => w >= 0);
        if (words) loss += (float)Options.WordLossWeight * _wordLoss!.Forward(Model.WordLogits, _wordTargets);
        if (!float.IsFinite(loss)) throw new TrainingDivergedException(Step + 1, $"The loss is {loss} at step {Step + 1}; lower the learning rate.");
        Model.Parameters.ZeroGradients();
        Array.Clear(_dLogits);
        _loss.Backward(_dLogits, 1f);
        if (words)
        {
            Array.Clear(_dWordLogits);
            _wordLoss!.Backward(_dWordLogits, (float)Options.WordLossWeight);
        }
        Model.Backward(_dLogits, words ? _dWordLogits : default);
        var norm = GradientClipping.ClipByGlobalNorm(Model.Parameters.Gradients, Options.ClipNorm);
        if (!double.IsFinite(norm)) throw new TrainingDivergedException(Step + 1, $"The gradient norm is {norm} at step {Step + 1}; lower the learning rate.");
        Optimizer.LearningRate = LearningRate;
        Optimizer.Step(Model.Parameters.Values, Model.Parameters.Gradients);
        Step++;
        if (Step >= Options.AverageFrom) _average.Add(Model.Parameters.Values);
        return loss;
    }

    /// <summary>How many steps' weights <see cref="ModelToSave"/> averages; 0 while it is the live model.</summary>
    public long AveragedSteps => _average.Count;

    /// <summary>
    /// The detector to save: the mean of the weights since <see cref="WakeTrainingOptions.AverageFrom"/> once that step
    /// has passed, else the live weights; without the word head, which only training reads.
    /// </summary>
    public WakeModel<float> ModelToSave()
    {
        if (AveragedSteps == 0 && Model.Config.WordClasses == 0) return Model;
        _savedModel ??= new WakeModel<float>(Model.Config.Detector, new Rng(0));
        ReadOnlySpan<float> weights = AveragedSteps == 0 ? Model.Parameters.Values : _average.Values;
        // The word head's parameters come last (WakeModel), so the detector's are the prefix.
        weights[..Model.DetectorParameterCount].CopyTo(_savedModel.Parameters.Values);
        return _savedModel;
    }

    /// <summary>Model, optimizer buffers, data generator state and counters, written atomically.</summary>
    public void SaveCheckpoint(string path)
    {
        var writer = WakeModelFile.CreateWriter(Model);
        foreach (var (name, values) in Optimizer.StateBuffers) writer.AddFloat<float>("optimizer." + name, values, values.Length);
        writer.AddUInt64("training.rng", DataRng.State, 4);
        writer.AddUInt64("training.dropout_rng", Model.Rng.State, 4);
        if (_average.Count > 0) writer.AddFloat<float>("training.average", _average.Values, _average.Values.Length);
        if (_hardness is not null) writer.AddFloat<float>("training.negative_hardness", _hardness, _hardness.Length);
        var state = new JsonObject
        {
            ["format_version"] = CheckpointFormatVersion,
            ["step"] = Step,
            ["optimizer_step"] = Optimizer.StepCount,
            ["positive_weight"] = PositiveWeight,
            ["averaged_steps"] = _average.Count,
            ["options"] = JsonSerializer.SerializeToNode(Options),
        };
        // The words the word head learned, in its class order, so a resumed run can check that its clips say the same.
        if (Model.Config.WordClasses > 0) state["words"] = new JsonArray([.. _mixer.WordNames.Select(w => JsonValue.Create(w))]);
        writer.AddMetadata(CheckpointKey, state.ToJsonString()).Save(path);
    }

    /// <summary>Continues a run exactly where <see cref="SaveCheckpoint"/> left it, over the same clips.</summary>
    public static WakeTrainer Resume(string path, WakeClips clips)
    {
        var file = SafeTensorsFile.Read(path);
        if (!file.Metadata.TryGetValue(CheckpointKey, out var json))
            throw new InvalidDataException($"{path}: not a wake-word checkpoint (no '{CheckpointKey}' metadata).");
        JsonObject state;
        WakeTrainingOptions options;
        try
        {
            state = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("not an object");
            options = state["options"].Deserialize<WakeTrainingOptions>() ?? throw new InvalidDataException("no options");
            if ((int?)state["format_version"] != CheckpointFormatVersion) throw new InvalidDataException($"format_version is not {CheckpointFormatVersion}");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: the checkpoint metadata is damaged ({e.Message}).");
        }
        try
        {
            options.Validate();
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new InvalidDataException($"{path}: the checkpoint's training options are invalid ({e.Message}).");
        }
        var mixer = new WakeMixer(clips, options.Mix);
        var model = WakeModelFile.Load<float>(file);
        if (model.Config.WordClasses > 0)
        {
            var words = (state["words"] as JsonArray)?.Select(w => (string?)w ?? "").ToArray() ?? [];
            if (!words.SequenceEqual(clips.WordNames))
                throw new InvalidDataException($"{path}: the run learned the words {string.Join(", ", words)}; the negatives now hold {string.Join(", ", clips.WordNames)}. Resume over the same folders.");
        }
        var rng = new Rng(1);
        rng.Restore(file["training.rng"].ToUInt64Array());
        // Checkpoints from before dropout existed lack it; their models have none to draw.
        if (file.Find("training.dropout_rng") is { } dropoutRng) model.Rng.Restore(dropoutRng.ToUInt64Array());
        var trainer = new WakeTrainer(model, mixer, options, (double?)state["positive_weight"] ?? 1, rng)
        {
            Step = (int?)state["step"] ?? 0,
        };
        var buffers = trainer.Optimizer.StateBuffers.ToDictionary(b => b.Name, b => file["optimizer." + b.Name].ToArray<float>());
        trainer.Optimizer.RestoreState((long?)state["optimizer_step"] ?? 0, buffers);
        if ((long?)state["averaged_steps"] is { } averaged and > 0)
            trainer._average.Restore(averaged, file["training.average"].ToArray<float>());
        if (file.Find("training.negative_hardness") is { } hardness)
        {
            trainer._hardness = hardness.ToArray<float>();
            if (trainer._hardness.Length != clips.Negatives.Count)
                throw new InvalidDataException($"{path}: the run measured {trainer._hardness.Length} clips of other speech; the negatives now hold {clips.Negatives.Count}. Resume over the same folders.");
            mixer.SetNegativeHardness(trainer._hardness);
        }
        return trainer;
    }

    private static void CheckAugmentationFits(WakeModelConfig config, MixSettings mix)
    {
        // The random microphone is a fixed gain per band over the example, which PCEN divides out (all but g^(1 − α)):
        // drawn on its output it would be a shift PCEN features never show, so it would teach the wrong thing.
        if (mix.ChannelDb > 0 && config.Features.Pcen is not null)
            throw new ArgumentException("A random microphone curve (channel perturbation) shifts log-mel features; PCEN features divide a fixed per-band gain out themselves, so use one or the other.");
        if (mix.FrequencyMaskBands == 0) return;
        if (config.Features.MfccCount > 0)
            throw new ArgumentException("Frequency masks blank mel bands, but this model reads MFCCs, each of which mixes every band; use log-mel features (no MFCCs) or no frequency masks.");
        if (mix.FrequencyMaskBands >= config.Features.MelCount)
            throw new ArgumentException($"The frequency mask width ({mix.FrequencyMaskBands}) must be below the number of mel bands ({config.Features.MelCount}).");
    }

    private static int SpanSamples(WakeModelConfig config) => (int)Math.Round(config.LabelSpanMs / 1000 * config.Features.SampleRate);
}
