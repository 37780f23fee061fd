namespace Recurrent.Wake;

/// <summary>
/// One clip's part in a <see cref="WakeEvaluation"/>: how often the test streams drew it, its peak (the highest threshold
/// at which the trigger fires between its start and <see cref="WakeEvaluator.AcceptWindowSeconds"/> after its end, over
/// every draw; 0 when never drawn), and its errors at the two operating points: for a wake word, 1 when it was missed;
/// for other speech, the false accepts that fell in its windows. A wake word with a low peak is one the detector barely
/// hears; other speech with a high peak is what it takes for the wake word.
/// </summary>
public sealed record ClipOutcome(string Clip, int Draws, double Peak, int ErrorsAtOneFalseAcceptPerHour, int ErrorsAtDefaultThreshold);
