namespace Recurrent.Wake;

/// <summary>One point of the detection-error trade-off: at this threshold, this false-reject rate and this many false accepts per hour.</summary>
public sealed record DetPoint(double Threshold, double FalseRejectRate, double FalseAcceptsPerHour, int Misses, int FalseAccepts);
