using System.Numerics;
using Recurrent.Layers;
using Recurrent.Layers.Recurrent;
using Recurrent.Tensors;

namespace Recurrent.Models;

/// <summary>
/// The wake-word network: normalised feature frames → optional causal Conv1d with ReLU → GRU stack → Dense to one
/// logit per frame; σ(logit) is the probability that the wake word has just been said. With a dropout probability
/// in the config, training drops units of the GRU's input, between its layers and of its output. Every part is causal, so
/// the model runs on a live stream with carried state (<see cref="Wake.WakeStream"/>) and gives exactly its
/// whole-clip output. With <see cref="WakeModelConfig.WordClasses"/>, training also runs a word head (Dense to K logits
/// per frame, read by a softmax over the words) on the same input as the detector's head; it is registered last, so
/// the detector's parameters are the first <see cref="DetectorParameterCount"/> of the flat buffer.
/// Module names: <c>conv</c>, <c>rnn</c> (torch.nn.GRU's names), <c>head</c>, <c>word_head</c>.
/// Legend: T frames, B batch, F features, C conv channels, H hidden, L layers, K word classes.
/// </summary>
public sealed class WakeModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Conv1d<T>? _conv;
    private readonly IRecurrentLayer<T> _rnn;
    private readonly Dense<T> _head;
    private readonly Dense<T>? _wordHead;
    private readonly Dropout<T>? _inputDropout;
    private readonly Dropout<T>? _outputDropout;

    private T[] _features = [];     // (T, B, F) input of the last forward
    private T[] _convOutput = [];   // (T, B, C) after ReLU
    private T[] _droppedInput = []; // (T, B, C or F) the GRU's input when dropout is on in training
    private T[] _rnnOutput = [];    // (T, B, H)
    private T[] _droppedOutput = []; // (T, B, H) the head's input when dropout is on in training
    private T[] _logits = [];       // (T, B)
    private T[] _wordLogits = [];   // (T, B, K) in training with a word head
    private T[] _hN = [];           // (L, B, H)
    private T[] _dRnnOutput = [];   // (T, B, H)
    private T[] _dConvOutput = [];  // (T, B, C)
    private T[] _dDropped = [];     // (T, B, max(C, H)) gradient at a dropout's output
    private int _steps, _batch;
    private bool _dropped;          // whether the last forward applied dropout
    private bool _wordsComputed;    // whether the last forward ran the word head

    /// <summary>Builds the model and draws its initial weights from <paramref name="rng"/>, which also drives dropout.</summary>
    public WakeModel(WakeModelConfig config, Rng rng)
    {
        config.Validate();
        Config = config;
        Rng = rng;
        if (config.ConvChannels > 0) _conv = new Conv1d<T>(Parameters, "conv.", config.FeatureCount, config.ConvChannels, config.ConvKernel);
        _rnn = RecurrentLayer.Create(RecurrentCellKind.Gru, Parameters, "rnn.", config.RecurrentInputSize, config.HiddenSize, config.NumLayers,
            dropout: config.Dropout, rng: rng);
        _head = new Dense<T>(Parameters, "head.", config.HiddenSize, 1);
        DetectorParameterCount = Parameters.Count;
        if (config.WordClasses > 0) _wordHead = new Dense<T>(Parameters, "word_head.", config.HiddenSize, config.WordClasses);
        if (config.Dropout > 0)
        {
            _inputDropout = new Dropout<T>(config.Dropout, rng);
            _outputDropout = new Dropout<T>(config.Dropout, rng);
        }
        _conv?.Initialize(rng);
        _rnn.Initialize(rng);
        _head.Initialize(rng);
        _wordHead?.Initialize(rng);
    }

    public WakeModelConfig Config { get; }

    public ParameterStore<T> Parameters { get; } = new();

    /// <summary>Draws dropout masks; part of a checkpoint.</summary>
    public Rng Rng { get; }

    public Conv1d<T>? Convolution => _conv;

    /// <summary>Parameters of everything but the word head: a prefix of <see cref="ParameterStore{T}.Values"/>.</summary>
    public int DetectorParameterCount { get; }

    /// <summary>L·B·H.</summary>
    public int StateLength(int batch) => Config.NumLayers * batch * Config.HiddenSize;

    /// <summary>(T, B) logits of the last forward.</summary>
    public ReadOnlySpan<T> Logits => _logits.AsSpan(0, _steps * _batch);

    /// <summary>(T, B, K) word logits of the last forward; empty unless it was a training forward with a word head.</summary>
    public ReadOnlySpan<T> WordLogits => _wordsComputed ? _wordLogits.AsSpan(0, _steps * _batch * Config.WordClasses) : default;

    /// <summary>(L, B, H) final GRU state of the last forward.</summary>
    public ReadOnlySpan<T> FinalHidden => _hN.AsSpan(0, StateLength(_batch));

    /// <param name="features">(T, B, F) normalised features</param>
    /// <param name="h0">(L, B, H), or empty for zeros</param>
    /// <param name="convContext">(K − 1, B, F) the frames before features[0], or empty for zeros (silence before the clip)</param>
    /// <param name="training">true: apply the config's dropout and run the word head (a training step); false: the deterministic detector</param>
    public void Forward(ReadOnlySpan<T> features, int steps, int batch, ReadOnlySpan<T> h0 = default, ReadOnlySpan<T> convContext = default,
        bool training = false)
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
        _dropped = training && Config.Dropout > 0;
        if (_dropped)
        {
            Grow(ref _droppedInput, rnnInput.Length);
            var droppedInput = _droppedInput.AsSpan(0, rnnInput.Length);
            _inputDropout!.Forward(droppedInput, rnnInput, training: true);
            rnnInput = droppedInput;
        }
        var rnnOutput = _rnnOutput.AsSpan(0, rows * Config.HiddenSize);
        _rnn.Forward(rnnOutput, _hN.AsSpan(0, StateLength(batch)), default, rnnInput, default, h0, default, steps, batch, training);
        ReadOnlySpan<T> headInput = rnnOutput;
        if (_dropped)
        {
            Grow(ref _droppedOutput, rnnOutput.Length);
            var droppedOutput = _droppedOutput.AsSpan(0, rnnOutput.Length);
            _outputDropout!.Forward(droppedOutput, rnnOutput, training: true);
            headInput = droppedOutput;
        }
        _head.Forward(_logits.AsSpan(0, rows), headInput, rows);
        _wordsComputed = training && _wordHead is not null;
        if (_wordsComputed)
        {
            Grow(ref _wordLogits, rows * Config.WordClasses);
            _wordHead!.Forward(_wordLogits.AsSpan(0, rows * Config.WordClasses), headInput, rows);
        }
    }

    /// <summary>
    /// Backward of the last forward from ∂L/∂logits (T, B) and, after a forward that ran the word head, ∂L/∂word logits
    /// (T, B, K) (empty: the loss does not read them): adds into every parameter gradient.
    /// </summary>
    public void Backward(ReadOnlySpan<T> dLogits, ReadOnlySpan<T> dWordLogits = default)
    {
        if (!dWordLogits.IsEmpty && dWordLogits.Length != WordLogits.Length)
            throw new ArgumentException($"dWordLogits has {dWordLogits.Length} elements; the last forward gave {WordLogits.Length} word logits.");
        var rows = _steps * _batch;
        var rnnOutput = _rnnOutput.AsSpan(0, rows * Config.HiddenSize);
        Grow(ref _dRnnOutput, rnnOutput.Length);
        var dRnnOutput = _dRnnOutput.AsSpan(0, rnnOutput.Length);
        dRnnOutput.Clear();
        if (_dropped)
        {
            var dDroppedOutput = DroppedGradient(rnnOutput.Length);
            var droppedOutput = _droppedOutput.AsSpan(0, rnnOutput.Length);
            _head.Backward(dDroppedOutput, dLogits, droppedOutput, rows);
            if (!dWordLogits.IsEmpty) _wordHead!.Backward(dDroppedOutput, dWordLogits, droppedOutput, rows);
            _outputDropout!.Backward(dRnnOutput, dDroppedOutput);
        }
        else
        {
            _head.Backward(dRnnOutput, dLogits, rnnOutput, rows);
            if (!dWordLogits.IsEmpty) _wordHead!.Backward(dRnnOutput, dWordLogits, rnnOutput, rows);
        }
        var features = _features.AsSpan(0, rows * Config.FeatureCount);
        ReadOnlySpan<T> rnnInput = _conv is null ? features : _convOutput.AsSpan(0, rows * Config.ConvChannels);
        if (_dropped) rnnInput = _droppedInput.AsSpan(0, rnnInput.Length);
        if (_conv is null)
        {
            // Nothing below the GRU learns, so the gradient stops at its weights.
            _rnn.Backward(default, default, default, dRnnOutput, default, default, rnnInput);
            return;
        }
        var convOutput = _convOutput.AsSpan(0, rows * Config.ConvChannels);
        Grow(ref _dConvOutput, convOutput.Length);
        var dConvOutput = _dConvOutput.AsSpan(0, convOutput.Length);
        dConvOutput.Clear();
        if (_dropped)
        {
            var dDroppedInput = DroppedGradient(convOutput.Length);
            _rnn.Backward(dDroppedInput, default, default, dRnnOutput, default, default, rnnInput);
            _inputDropout!.Backward(dConvOutput, dDroppedInput);
        }
        else
        {
            _rnn.Backward(dConvOutput, default, default, dRnnOutput, default, default, rnnInput);
        }
        // Differentiates "y = max(x, 0)": the gradient passes where the output is positive.
        for (var i = 0; i < dConvOutput.Length; i++)
            if (convOutput[i] <= T.Zero) dConvOutput[i] = T.Zero;
        _conv.Backward(default, dConvOutput, features, _steps, _batch);
    }

    /// <summary>A cleared gradient buffer for a dropout's output; dropout's backward then adds it into the layer below.</summary>
    private Span<T> DroppedGradient(int length)
    {
        Grow(ref _dDropped, length);
        var gradient = _dDropped.AsSpan(0, length);
        gradient.Clear();
        return gradient;
    }

    private static void Grow(ref T[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new T[length];
    }
}
