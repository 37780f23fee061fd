using System.Numerics;
using System.Text.Json.Nodes;
using Recurrent.IO;
using Recurrent.Layers.Recurrent;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Tests.Support;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

/// <summary>
/// Embedding → 2-layer LSTM → Dense trained for 10 Adam steps with gradient-norm clipping gives PyTorch's loss
/// sequence (fixtures from tools/reference/fixtures_e2e.py, each step on its own batch, zero initial state).
/// </summary>
public class EndToEndParityTests
{
    /// <summary>The bar: PyTorch's float32 loss sequence within 1e-4.</summary>
    private const double LossTolerance = 1e-4;

    /// <summary>In double, only summation order differs from PyTorch's float64 run.</summary>
    private const double DoubleTolerance = 1e-10;

    [Theory]
    [InlineData("e2e/char_lstm_adam.safetensors")]
    [InlineData("e2e/char_lstm_adam_clip025.safetensors")]
    public void FloatTrainingFollowsPyTorchLosses(string fixture) => Run<float>(fixture, LossTolerance);

    [Fact]
    public void DoubleTrainingFollowsPyTorchFloat64Losses() => Run<double>("e2e/char_lstm_adam_f64.safetensors", DoubleTolerance);

    private static void Run<T>(string fixtureName, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fixture = Fixtures.Load(fixtureName);
        var config = JsonNode.Parse(fixture.Metadata["config"])!.AsObject();
        Assert.Equal("[0.9,0.999]", config["betas"]!.ToJsonString());
        Assert.Equal(1e-8, config["eps"]!.GetValue<double>());
        var model = new SequenceModel<T>(new SequenceModelConfig
        {
            Cell = RecurrentCellKind.Lstm,
            VocabSize = config["vocab_size"]!.GetValue<int>(),
            EmbeddingSize = config["embedding_size"]!.GetValue<int>(),
            HiddenSize = config["hidden_size"]!.GetValue<int>(),
            NumLayers = config["num_layers"]!.GetValue<int>(),
            OutputSize = config["vocab_size"]!.GetValue<int>(),
        }, new Rng(0));
        foreach (var parameter in model.Parameters.Parameters) fixture[parameter.Name].CopyTo(parameter.Value);
        var data = new FixtureBatches(fixture["inputs"], fixture["targets"]);
        var trainer = new Trainer<T>(model, data, new TrainerOptions
        {
            Optimizer = "adam",
            LearningRate = config["lr"]!.GetValue<double>(),
            ClipNorm = config["max_norm"]!.GetValue<double>(),
            CarryState = false,
        });

        var steps = config["steps"]!.GetValue<int>();
        var losses = new double[steps];
        var norms = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            var result = trainer.TrainStep();
            losses[i] = result.Loss;
            norms[i] = result.GradientNorm;
        }
        TensorAssert.Close<double, double>("losses", fixture["losses"].ToArray<double>(), losses, tolerance, tolerance);
        TensorAssert.Close<double, double>("grad_norms", fixture["grad_norms"].ToArray<double>(), norms, tolerance, tolerance);
        foreach (var parameter in model.Parameters.Parameters)
            TensorAssert.Close<T, double>("final." + parameter.Name, fixture["final." + parameter.Name].ToArray<double>(), parameter.Value.ToArray(), tolerance, tolerance);
    }

    /// <summary>Serves the fixture's (steps, T, B) inputs and targets one step at a time.</summary>
    private sealed class FixtureBatches(SafeTensor inputs, SafeTensor targets) : ITokenBatchSource
    {
        private readonly int[] _inputs = inputs.ToInt32Array();
        private readonly int[] _targets = targets.ToInt32Array();

        public int Steps => inputs.Shape[1];

        public int Batch => inputs.Shape[2];

        public long Position { get; set; }

        public bool ContinuesPrevious => false;

        public void Next(Span<int> inputIds, Span<int> targetIds)
        {
            var size = Steps * Batch;
            _inputs.AsSpan((int)Position * size, size).CopyTo(inputIds);
            _targets.AsSpan((int)Position * size, size).CopyTo(targetIds);
            Position++;
        }
    }
}
