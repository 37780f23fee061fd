using System.Numerics;
using Recurrent.Layers;
using Recurrent.Layers.Recurrent;
using Recurrent.Tensors;

namespace Recurrent.Models;

/// <summary>
/// The wake-word network: normalised feature frames → optional causal Conv1d with ReLU → GRU stack → Dense to one
/// logit per frame; σ(logit) is the probability that the wake word has just been said. Every part is causal, so
/// the model runs on a live stream with carried state (<see cref="Wake.WakeStream"/>) and gives exactly its
/// whole-clip output. Module names: <c>conv</c>, <c>rnn</c> (torch.nn.GRU's names), <c>head</c>.
/// Legend: T frames, B batch, F features, C conv channels, H hidden, L layers.
/// </summary>
public sealed class WakeModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Conv1d<T>? _conv;
    private readonly IRecurrentLayer<T> _rnn;
    private readonly Dense<T> _head;

    private T[] _features = [];     // (T, B, F) input of the last forward
    private T[] _convOutput = [];   // (T, B, C) after ReLU
    private T[] _rnnOutput = [];    // (T, B, H)
    private T[] _logits = [];       // (T, B)
    private T[] _hN = [];           // (L, B, H)
    private T[] _dRnnOutput = [];   // (T, B, H)
    private T[] _dConvOutput = [];  // (T, B, C)
    private int _steps, _batch;

    public WakeModel(WakeModelConfig config, Rng rng)
    {
        config.Validate();
        Config = config;
        if (config.ConvChannels > 0) _conv = new Conv1d<T>(Parameters, "conv.", config.FeatureCount, config.ConvChannels, config.ConvKernel);
        _rnn = RecurrentLayer.Create(RecurrentCellKind.Gru, Parameters, "rnn.", config.RecurrentInputSize, config.HiddenSize, config.NumLayers, rng: rng);
        _head = new Dense<T>(Parameters, "head.", config.HiddenSize, 1);
        _conv?.Initialize(rng);
        _rnn.Initialize(rng);
        _head.Initialize(rng);
    }

    public WakeModelConfig Config { get; }

    public ParameterStore<T> Parameters { get; } = new();

    public Conv1d<T>? Convolution => _conv;

    /// <summary>L·B·H.</summary>
    public int StateLength(int batch) => Config.NumLayers * batch * Config.HiddenSize;

    /// <summary>(T, B) logits of the last forward.</summary>
    public ReadOnlySpan<T> Logits => _logits.AsSpan(0, _steps * _batch);

    /// <summary>(L, B, H) final GRU state of the last forward.</summary>
    public ReadOnlySpan<T> FinalHidden => _hN.AsSpan(0, StateLength(_batch));

    /// <param name="features">(T, B, F) normalised features</param>
    /// <param name="h0">(L, B, H), or empty for zeros</param>
    /// <param name="convContext">(K − 1, B, F) the frames before features[0], or empty for zeros (silence before the clip)</param>
    public void Forward(ReadOnlySpan<T> features, int steps, int batch, ReadOnlySpan<T> h0 = default, ReadOnlySpan<T> convContext = default)
    {
        var rows = steps * batch;
        if (features.Length != rows * Config.FeatureCount)
            throw new ArgumentException($"features has {features.Length} elements; (T={steps}, B={batch}, F={Config.FeatureCount}) needs {rows * Config.FeatureCount}.");
        _steps = steps;
        _batch = batch;
        Grow(ref _features, features.Length);
        features.CopyTo(_features);
        Grow(ref _rnnOutput, rows * Config.HiddenSize);
        Grow(ref _logits, rows);
        Grow(ref _hN, StateLength(batch));
        ReadOnlySpan<T> rnnInput = features;
        if (_conv is not null)
        {
            Grow(ref _convOutput, rows * Config.ConvChannels);
            var convOutput = _convOutput.AsSpan(0, rows * Config.ConvChannels);
            _conv.Forward(convOutput, features, convContext, steps, batch);
            // ReLU in place; backward reads the kept output, since y > 0 exactly where x > 0.
            for (var i = 0; i < convOutput.Length; i++) convOutput[i] = T.Max(convOutput[i], T.Zero);
            rnnInput = convOutput;
        }
        var rnnOutput = _rnnOutput.AsSpan(0, rows * Config.HiddenSize);
        _rnn.Forward(rnnOutput, _hN.AsSpan(0, StateLength(batch)), default, rnnInput, default, h0, default, steps, batch, training: true);
        _head.Forward(_logits.AsSpan(0, rows), rnnOutput, rows);
    }

    /// <summary>Backward of the last forward from ∂L/∂logits (T, B): adds into every parameter gradient.</summary>
    public void Backward(ReadOnlySpan<T> dLogits)
    {
        var rows = _steps * _batch;
        var rnnOutput = _rnnOutput.AsSpan(0, rows * Config.HiddenSize);
        Grow(ref _dRnnOutput, rnnOutput.Length);
        var dRnnOutput = _dRnnOutput.AsSpan(0, rnnOutput.Length);
        dRnnOutput.Clear();
        _head.Backward(dRnnOutput, dLogits, rnnOutput, rows);
        var features = _features.AsSpan(0, rows * Config.FeatureCount);
        if (_conv is null)
        {
            _rnn.Backward(default, default, default, dRnnOutput, default, default, features);
            return;
        }
        var convOutput = _convOutput.AsSpan(0, rows * Config.ConvChannels);
        Grow(ref _dConvOutput, convOutput.Length);
        var dConvOutput = _dConvOutput.AsSpan(0, convOutput.Length);
        dConvOutput.Clear();
        _rnn.Backward(dConvOutput, default, default, dRnnOutput, default, default, convOutput);
        // Differentiates "y = max(x, 0)": the gradient passes where the output is positive.
        for (var i = 0; i < dConvOutput.Length; i++)
            if (convOutput[i] <= T.Zero) dConvOutput[i] = T.Zero;
        _conv.Backward(default, dConvOutput, features, _steps, _batch);
    }

    private static void Grow(ref T[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new T[length];
    }
}
