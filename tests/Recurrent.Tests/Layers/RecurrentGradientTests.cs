using Recurrent.Layers;
using Recurrent.Layers.Recurrent;
using Recurrent.Tensors;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Layers;

/// <summary>
/// Finite-difference checks in double of every recurrent stack: 4 steps, a non-zero initial state, one and two
/// layers, both directions, and unsorted padded lengths. The loss L = Σ output⊙R + Σ h_n⊙Rh (+ Σ c_n⊙Rc) with
/// random R weighs every output, so every gradient path is exercised.
/// </summary>
public class RecurrentGradientTests
{
    private const int Steps = 4, Batch = 3, InputSize = 3, HiddenSize = 2;

    public static TheoryData<RecurrentCellKind, int, bool, bool> Configurations()
    {
        var data = new TheoryData<RecurrentCellKind, int, bool, bool>();
        foreach (var cell in Enum.GetValues<RecurrentCellKind>())
            foreach (var layers in new[] { 1, 2 })
                foreach (var bidirectional in new[] { false, true })
                    foreach (var padded in new[] { false, true })
                        data.Add(cell, layers, bidirectional, padded);
        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void AnalyticGradientsMatchFiniteDifferences(RecurrentCellKind cell, int layers, bool bidirectional, bool padded)
    {
        var rng = new Rng(42);
        var store = new ParameterStore<double>();
        var layer = RecurrentLayer.Create(cell, store, "rnn.", InputSize, HiddenSize, layers, bidirectional);
        layer.Initialize(rng);
        var problem = new Problem(layer, rng, padded ? [4, 2, 3] : []);

        problem.Forward();
        store.ZeroGradients();
        var dInput = new double[problem.Input.Length];
        var dH0 = new double[problem.H0.Length];
        var dC0 = new double[problem.C0.Length];
        layer.Backward(dInput, dH0, dC0, problem.OutputWeights, problem.HNWeights, problem.CNWeights, problem.Input);

        GradientCheck.Check("input", problem.Input, dInput, problem.Forward);
        GradientCheck.Check("h0", problem.H0, dH0, problem.Forward);
        if (layer.HasCellState) GradientCheck.Check("c0", problem.C0, dC0, problem.Forward);
        GradientCheck.CheckParameters(store, problem.Forward);
    }

    /// <summary>
    /// 19 hidden units: more than one vector of lanes plus a partial one at every width (2, 4, 8 or 16 doubles), so
    /// the cells' vectorised backward and its padded tail are both checked.
    /// </summary>
    [Theory]
    [Trait("Category", "Kernels")]
    [InlineData(RecurrentCellKind.Lstm)]
    [InlineData(RecurrentCellKind.Gru)]
    [InlineData(RecurrentCellKind.RnnTanh)]
    [InlineData(RecurrentCellKind.RnnRelu)]
    public void WideCellsMatchFiniteDifferences(RecurrentCellKind cell)
    {
        var rng = new Rng(11);
        var store = new ParameterStore<double>();
        var layer = RecurrentLayer.Create(cell, store, "rnn.", InputSize, 19);
        layer.Initialize(rng);
        var problem = new Problem(layer, rng, [4, 2, 3]);
        problem.Forward();
        var dInput = new double[problem.Input.Length];
        var dH0 = new double[problem.H0.Length];
        layer.Backward(dInput, dH0, [], problem.OutputWeights, problem.HNWeights, problem.CNWeights, problem.Input);
        GradientCheck.Check("input", problem.Input, dInput, problem.Forward);
        GradientCheck.Check("h0", problem.H0, dH0, problem.Forward);
        GradientCheck.CheckParameters(store, problem.Forward);
    }

    [Fact]
    public void PaddedStepsGetNoGradientAndZeroOutput()
    {
        var rng = new Rng(7);
        var store = new ParameterStore<double>();
        var layer = RecurrentLayer.Create(RecurrentCellKind.Lstm, store, "rnn.", InputSize, HiddenSize, 2, bidirectional: true);
        layer.Initialize(rng);
        var problem = new Problem(layer, rng, [4, 2, 3]);
        problem.Forward();
        var dInput = new double[problem.Input.Length];
        layer.Backward(dInput, [], [], problem.OutputWeights, [], [], problem.Input);

        for (var t = 0; t < Steps; t++)
        {
            for (var b = 0; b < Batch; b++)
            {
                if (t < problem.Lengths[b]) continue;
                var width = layer.OutputSize;
                Assert.All(problem.Output.AsSpan((t * Batch + b) * width, width).ToArray(), v => Assert.Equal(0.0, v));
                Assert.All(dInput.AsSpan((t * Batch + b) * InputSize, InputSize).ToArray(), v => Assert.Equal(0.0, v));
            }
        }
    }

    [Fact]
    public void DropoutBetweenLayersIsDifferentiatedWithItsMask()
    {
        var rng = new Rng(3);
        var store = new ParameterStore<double>();
        var dropoutRng = new Rng(99);
        var layer = RecurrentLayer.Create(RecurrentCellKind.Gru, store, "rnn.", InputSize, HiddenSize, 2, bidirectional: true, dropout: 0.4, rng: dropoutRng);
        layer.Initialize(rng);
        var problem = new Problem(layer, rng, [3, 4, 1]) { Training = true };
        var state = dropoutRng.State;
        double Forward()
        {
            // The same mask every evaluation, so finite differences see a fixed function.
            dropoutRng.Restore(state);
            return problem.Forward();
        }

        Forward();
        var dInput = new double[problem.Input.Length];
        layer.Backward(dInput, [], [], problem.OutputWeights, problem.HNWeights, [], problem.Input);
        GradientCheck.Check("input", problem.Input, dInput, Forward);
    }

    /// <summary>Random inputs, states and loss weights for one stack.</summary>
    private sealed class Problem
    {
        private readonly IRecurrentLayer<double> _layer;

        public Problem(IRecurrentLayer<double> layer, Rng rng, int[] lengths)
        {
            _layer = layer;
            Lengths = lengths.Length == 0 ? [Steps, Steps, Steps] : lengths;
            PassedLengths = lengths;
            var states = layer.NumLayers * layer.Directions * Batch * layer.HiddenSize;
            Input = Random(rng, Steps * Batch * InputSize);
            H0 = Random(rng, states);
            C0 = layer.HasCellState ? Random(rng, states) : [];
            Output = new double[Steps * Batch * layer.OutputSize];
            HN = new double[states];
            CN = layer.HasCellState ? new double[states] : [];
            OutputWeights = Random(rng, Output.Length);
            HNWeights = Random(rng, states);
            CNWeights = layer.HasCellState ? Random(rng, states) : [];
        }

        public int[] Lengths { get; }
        public int[] PassedLengths { get; }
        public double[] Input { get; }
        public double[] H0 { get; }
        public double[] C0 { get; }
        public double[] Output { get; }
        public double[] HN { get; }
        public double[] CN { get; }
        public double[] OutputWeights { get; }
        public double[] HNWeights { get; }
        public double[] CNWeights { get; }
        public bool Training { get; init; }

        public double Forward()
        {
            _layer.Forward(Output, HN, CN, Input, PassedLengths, H0, C0, Steps, Batch, Training);
            return Dot(Output, OutputWeights) + Dot(HN, HNWeights) + Dot(CN, CNWeights);
        }

        private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

        private static double[] Random(Rng rng, int length)
        {
            var values = new double[length];
            rng.FillUniform<double>(values, -1, 1);
            return values;
        }
    }
}
