using Recurrent.Models;

namespace Recurrent.Cli.Bench;

/// <summary>
/// Floating-point operations of the sequence model, counting a multiply-add as two and ignoring point-wise work:
/// per token, each direction of layer l does 2·G·(I_l + H) for its gate GEMMs (G = gates·H), the head 2·D·H·O.
/// Training is counted as three forwards (forward, input gradient, weight gradient), the usual convention.
/// </summary>
internal static class ModelFlops
{
    public static double ForwardPerToken(SequenceModelConfig config)
    {
        var gates = config.Cell switch
        {
            Layers.Recurrent.RecurrentCellKind.Lstm => 4,
            Layers.Recurrent.RecurrentCellKind.Gru => 3,
            _ => 1,
        } * (double)config.HiddenSize;
        var directions = config.Bidirectional ? 2 : 1;
        var flops = 0.0;
        for (var layer = 0; layer < config.NumLayers; layer++)
        {
            var input = layer == 0 ? config.RecurrentInputSize : directions * config.HiddenSize;
            flops += directions * 2 * gates * (input + config.HiddenSize);
        }
        return flops + 2.0 * directions * config.HiddenSize * config.OutputSize;
    }

    public static double TrainingPerToken(SequenceModelConfig config) => 3 * ForwardPerToken(config);
}
