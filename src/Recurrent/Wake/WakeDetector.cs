using Recurrent.Models;

namespace Recurrent.Wake;

/// <summary>
/// A wake-word detector for an application: a <see cref="WakeStream"/> (features, normalisation and the model, or
/// the models of a <see cref="WakeEnsemble"/>, with their state carried from chunk to chunk) followed by a
/// <see cref="Trigger"/>. Push audio at the model's rate in chunks of any length; each push returns the detections
/// its samples complete. This is what <c>rnn wake listen</c> runs, so its detections equal the trigger's on the whole
/// recording's scores.
/// </summary>
public sealed class WakeDetector
{
    private readonly WakeStream _stream;
    private readonly Trigger _trigger;
    private readonly List<Detection> _detections = [];

    public WakeDetector(WakeModel<float> model, TriggerRule? rule = null) : this(new WakeEnsemble([model]), rule)
    {
    }

    public WakeDetector(WakeEnsemble ensemble, TriggerRule? rule = null)
    {
        var features = ensemble.Features;
        _stream = new WakeStream(ensemble);
        _trigger = new Trigger(rule ?? new TriggerRule(), features.HopSamples, features.FrameSamples, features.SampleRate);
        SampleRate = features.SampleRate;
    }

    /// <summary>
    /// Loads model files from <c>rnn wake train</c> (or <see cref="WakeModelFile.Save{T}"/>); more than one listen
    /// together as a <see cref="WakeEnsemble"/>.
    /// </summary>
    public static WakeDetector Load(IReadOnlyList<string> modelPaths, TriggerRule? rule = null) => new(WakeEnsemble.Load(modelPaths), rule);

    /// <summary>The rate <see cref="Push"/> expects: the model's features were computed at it.</summary>
    public int SampleRate { get; }

    /// <summary>Samples pushed so far.</summary>
    public long SamplesHeard { get; private set; }

    /// <summary>
    /// Adds mono samples at <see cref="SampleRate"/> and returns the detections they complete, with times counted from
    /// the first sample ever pushed. The list is reused: it is valid until the next call.
    /// </summary>
    public IReadOnlyList<Detection> Push(ReadOnlySpan<float> samples)
    {
        _detections.Clear();
        _trigger.Process(_stream.Push(samples), _detections);
        SamplesHeard += samples.Length;
        return _detections;
    }
}
