namespace Recurrent.Layers.Recurrent;

/// <summary>The recurrent cells, named as in the model-file configuration (<c>"cell"</c>).</summary>
public enum RecurrentCellKind
{
    Lstm,
    Gru,
    RnnTanh,
    RnnRelu,
}

public static class RecurrentCellKindNames
{
    public static string ToConfigName(this RecurrentCellKind kind) => kind switch
    {
        RecurrentCellKind.Lstm => "lstm",
        RecurrentCellKind.Gru => "gru",
        RecurrentCellKind.RnnTanh => "rnn_tanh",
        _ => "rnn_relu",
    };

    /// <summary>Parses <c>lstm</c>, <c>gru</c>, <c>rnn_tanh</c>, <c>rnn_relu</c> (and <c>rnn</c> for rnn_tanh).</summary>
    public static RecurrentCellKind Parse(string name) => name switch
    {
        "lstm" => RecurrentCellKind.Lstm,
        "gru" => RecurrentCellKind.Gru,
        "rnn_tanh" or "rnn" => RecurrentCellKind.RnnTanh,
        "rnn_relu" => RecurrentCellKind.RnnRelu,
        _ => throw new ArgumentException($"Unknown cell '{name}'; expected lstm, gru, rnn_tanh or rnn_relu."),
    };
}
