namespace Recurrent;

/// <summary>An error in the user's data, model or settings that Recurrent explains in one line.</summary>
public class RecurrentException(string message, Exception? inner = null) : Exception(message, inner);
