using System.Text.Json.Nodes;
using Recurrent.Layers;
using Recurrent.Layers.Recurrent;
using Recurrent.Tensors;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Layers;

/// <summary>
/// Parity with torch.nn.RNN / LSTM / GRU: fixtures from tools/reference/fixtures_rnn.py hold weights, inputs,
/// lengths, initial states, PyTorch's outputs and the gradients of L = Σ output⊙grad_output + Σ h_n⊙grad_h_n
/// (+ Σ c_n⊙grad_c_n), computed in float64 from float32 weights. We run in float32.
/// </summary>
[Trait("Category", "Kernels")]
public class RecurrentParityTests
{
    /// <summary>Float32 forward error over 5 steps of 3-unit cells stays near 1e-7; 1e-5 leaves two orders of margin.</summary>
    private const double ForwardTolerance = 1e-5;

    /// <summary>Gradients sum over steps and units, so rounding grows a little; 1e-4 relative-or-absolute.</summary>
    private const double GradientTolerance = 1e-4;

    public static TheoryData<string> FixtureNames()
    {
        var data = new TheoryData<string>();
        foreach (var cell in new[] { "lstm", "gru", "rnn_tanh", "rnn_relu" })
            foreach (var layers in new[] { 1, 2 })
                foreach (var direction in new[] { "uni", "bi" })
                    foreach (var padding in new[] { "full", "padded" })
                        data.Add($"{cell}_l{layers}_{direction}_{padding}");
        return data;
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void MatchesPyTorch(string name)
    {
        var fixture = Fixtures.Load($"rnn/{name}.safetensors");
        var config = JsonNode.Parse(fixture.Metadata["config"])!.AsObject();
        var cell = RecurrentCellKindNames.Parse(config["cell"]!.GetValue<string>());
        int steps = config["seq_len"]!.GetValue<int>(), batch = config["batch"]!.GetValue<int>();
        int inputSize = config["input_size"]!.GetValue<int>(), hidden = config["hidden_size"]!.GetValue<int>();
        var store = new ParameterStore<float>();
        var layer = RecurrentLayer.Create(cell, store, "", inputSize, hidden,
            config["num_layers"]!.GetValue<int>(), config["bidirectional"]!.GetValue<bool>());
        foreach (var parameter in layer.Parameters) fixture[parameter.Name].CopyTo(parameter.Value);

        var input = fixture["input"].ToArray<float>();
        var lengths = fixture["lengths"].ToInt32Array();
        var h0 = fixture["h0"].ToArray<float>();
        var c0 = layer.HasCellState ? fixture["c0"].ToArray<float>() : [];
        var output = new float[steps * batch * layer.OutputSize];
        var hN = new float[h0.Length];
        var cN = new float[c0.Length];
        layer.Forward(output, hN, cN, input, lengths, h0, c0, steps, batch, training: false);

        TensorAssert.Close<float, float>("output", fixture["output"].ToArray<float>(), output, ForwardTolerance, ForwardTolerance);
        TensorAssert.Close<float, float>("h_n", fixture["h_n"].ToArray<float>(), hN, ForwardTolerance, ForwardTolerance);
        if (layer.HasCellState) TensorAssert.Close<float, float>("c_n", fixture["c_n"].ToArray<float>(), cN, ForwardTolerance, ForwardTolerance);

        var dInput = new float[input.Length];
        var dH0 = new float[h0.Length];
        var dC0 = new float[c0.Length];
        layer.Backward(dInput, dH0, dC0, fixture["grad_output"].ToArray<float>(), fixture["grad_h_n"].ToArray<float>(),
            layer.HasCellState ? fixture["grad_c_n"].ToArray<float>() : [], input);
        TensorAssert.Close<float, float>("grad.input", fixture["grad.input"].ToArray<float>(), dInput, GradientTolerance, GradientTolerance);
        TensorAssert.Close<float, float>("grad.h0", fixture["grad.h0"].ToArray<float>(), dH0, GradientTolerance, GradientTolerance);
        if (layer.HasCellState) TensorAssert.Close<float, float>("grad.c0", fixture["grad.c0"].ToArray<float>(), dC0, GradientTolerance, GradientTolerance);
        foreach (var parameter in layer.Parameters)
        {
            var gradient = parameter.Gradient.ToArray();
            TensorAssert.Close<float, float>("grad." + parameter.Name, fixture["grad." + parameter.Name].ToArray<float>(), gradient, GradientTolerance, GradientTolerance);
        }
    }
}
