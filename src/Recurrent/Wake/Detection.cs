namespace Recurrent.Wake;

/// <summary>One detection: when it fired (the end of the frame that completed the rule, in seconds from the start) and the highest score of its run.</summary>
public sealed record Detection(double Seconds, double Score);
