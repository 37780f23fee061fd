namespace Recurrent.Wake;

/// <summary>
/// The outcome of <see cref="WakeEvaluator.Evaluate"/>: the DET curve over the threshold sweep, the point at the
/// chosen trigger rule, and the best false-reject rate reachable at ≤ 1 and ≤ 0.5 false accepts per hour (null
/// when no threshold gets that low), and each clip's outcome: <see cref="WakeWords"/> in the order of the wake-word
/// clips, <see cref="OtherSpeech"/> in the order of the negatives. A clip's errors at ≤ 1 false accept per hour are
/// counted at the default threshold when no threshold gets that low.
/// </summary>
public sealed record WakeEvaluation(
    int Positives,
    double Hours,
    IReadOnlyList<DetPoint> Curve,
    DetPoint AtDefaultThreshold,
    DetPoint? AtOneFalseAcceptPerHour,
    DetPoint? AtHalfFalseAcceptPerHour,
    double ProcessingSecondsPerAudioSecond,
    IReadOnlyList<ClipOutcome> WakeWords,
    IReadOnlyList<ClipOutcome> OtherSpeech);
