using Recurrent.Kernels;
using Recurrent.Layers;
using Recurrent.Layers.Recurrent;
using Recurrent.Tensors;

namespace Recurrent.Tests.Layers;

/// <summary>
/// With a batch of 40 and a step large enough, the time loop is split by batch rows across threads (two shares of
/// 20 rows with two threads, three of 13–14 with three). Every output, final state and gradient must be bit-identical
/// to the single-thread run, with padded lengths, both directions and two layers.
/// </summary>
[Trait("Category", "Kernels")]
[Collection("KernelThreads")]
public class RecurrentThreadCountTests
{
    private const int Batch = 40, InputSize = 24, Layers = 2;

    /// <summary>Sizes where a pass's recurrent products, T·B·G·H multiply-adds with G = gates·H, reach the split's
    /// threshold of 2²³.</summary>
    [Theory]
    [InlineData(RecurrentCellKind.Lstm, 96, 6)]
    [InlineData(RecurrentCellKind.Gru, 112, 6)]
    [InlineData(RecurrentCellKind.RnnTanh, 192, 12)]
    public void ForwardAndBackwardAreBitIdenticalForOneTwoAndThreeThreads(RecurrentCellKind cell, int hidden, int steps)
    {
        var saved = KernelThreads.Count;
        try
        {
            var single = Run(cell, hidden, steps, threads: 1);
            foreach (var threads in new[] { 2, 3 })
            {
                var shared = Run(cell, hidden, steps, threads);
                foreach (var (name, expected) in single)
                    Assert.True(expected.AsSpan().SequenceEqual(shared[name]), $"{name} differs with {threads} threads");
            }
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    private static Dictionary<string, float[]> Run(RecurrentCellKind cell, int hidden, int steps, int threads)
    {
        KernelThreads.Count = threads;
        var rng = new Rng(5);
        var store = new ParameterStore<float>();
        var layer = RecurrentLayer.Create(cell, store, "rnn.", InputSize, hidden, Layers, bidirectional: true);
        layer.Initialize(rng);
        var states = 2 * Layers * Batch * hidden;
        var input = Random(rng, steps * Batch * InputSize);
        var h0 = Random(rng, states);
        var c0 = layer.HasCellState ? Random(rng, states) : [];
        var lengths = Enumerable.Range(0, Batch).Select(b => 1 + b * 7 % steps).ToArray();
        var output = new float[steps * Batch * 2 * hidden];
        var hN = new float[states];
        var cN = new float[c0.Length];
        layer.Forward(output, hN, cN, input, lengths, h0, c0, steps, Batch, training: true);

        var dInput = new float[input.Length];
        var dH0 = new float[states];
        var dC0 = new float[c0.Length];
        store.ZeroGradients();
        layer.Backward(dInput, dH0, dC0, Random(rng, output.Length), Random(rng, states),
            layer.HasCellState ? Random(rng, states) : default, input);
        return new Dictionary<string, float[]>
        {
            ["output"] = output, ["h_n"] = hN, ["c_n"] = cN,
            ["dInput"] = dInput, ["dH0"] = dH0, ["dC0"] = dC0, ["gradients"] = store.Gradients.ToArray(),
        };
    }

    private static float[] Random(Rng rng, int length)
    {
        var values = new float[length];
        rng.FillUniform(values, -1, 1);
        return values;
    }
}
