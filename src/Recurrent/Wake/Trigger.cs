namespace Recurrent.Wake;

/// <summary>
/// Applies a <see cref="TriggerRule"/> to a stream of frame probabilities, one frame at a time, so that the same
/// code serves live listening and evaluation. Frame t ends at (t·hop + n_fft)/rate seconds.
/// </summary>
public sealed class Trigger
{
    private readonly TriggerRule _rule;
    private readonly double _hopSeconds, _frameSeconds;
    private long _frame;
    private int _run;
    private double _runMax;
    private bool _fired;
    private double _lastDetection = double.NegativeInfinity;

    public Trigger(TriggerRule rule, int hopSamples, int frameSamples, int sampleRate)
    {
        rule.Validate();
        _rule = rule;
        _hopSeconds = (double)hopSamples / sampleRate;
        _frameSeconds = (double)frameSamples / sampleRate;
    }

    /// <summary>Feeds the next frames' probabilities and adds any detections they complete to <paramref name="detections"/>.</summary>
    public void Process(ReadOnlySpan<float> probabilities, ICollection<Detection> detections)
    {
        foreach (var p in probabilities)
        {
            var seconds = _frame++ * _hopSeconds + _frameSeconds;
            if (p < _rule.Threshold)
            {
                _run = 0;
                _runMax = 0;
                _fired = false;
                continue;
            }
            _run++;
            _runMax = Math.Max(_runMax, p);
            // A long run fires once: the next detection needs a new run.
            if (_fired || _run < _rule.MinFrames || seconds - _lastDetection < _rule.RefractorySeconds) continue;
            detections.Add(new Detection(seconds, _runMax));
            _lastDetection = seconds;
            _fired = true;
        }
    }
}
