using System.Numerics;
using Recurrent.Layers;
using Recurrent.Layers.Recurrent;
using Recurrent.Tensors;

namespace Recurrent.Models;

/// <summary>
/// The basic sequence model: optional Embedding → recurrent stack → optional Dropout → Dense head at every step,
/// with PyTorch's module names (<c>embedding</c>, <c>rnn</c>, <c>head</c>) so its state dict moves between the two
/// unchanged.
/// Legend: T steps, B batch, E embedding size, F features, H hidden, D directions, L layers, O outputs.
/// </summary>
/// <remarks>
/// As in PyTorch with packed sequences, padded steps give zero recurrent output, so the head gives its bias there.
/// Buffers grow to the largest (T, B) seen and are reused, so steady-state training allocates nothing.
/// </remarks>
public sealed class SequenceModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Embedding<T>? _embedding;
    private readonly IRecurrentLayer<T> _rnn;
    private readonly Dropout<T>? _outputDropout;
    private readonly Dense<T> _head;

    private int[] _tokens = [];       // (T, B) ids of the last forward
    private T[] _rnnInput = [];       // (T, B, E or F) embedded tokens or a copy of the features
    private T[] _rnnOutput = [];      // (T, B, D·H)
    private T[] _droppedOutput = [];  // (T, B, D·H) the head's input when output dropout is on in training
    private T[] _logits = [];         // (T, B, O)
    private T[] _hN = [];             // (L·D, B, H)
    private T[] _cN = [];             // (L·D, B, H) LSTM
    private T[] _dRnnOutput = [];     // (T, B, D·H)
    private T[] _dDroppedOutput = []; // (T, B, D·H)
    private T[] _dRnnInput = [];      // (T, B, E) for the embedding's gradient
    private int _steps, _batch;
    private bool _outputDropped;      // whether the last forward ran the head on _droppedOutput

    /// <summary>Builds the model and draws its initial weights from <paramref name="rng"/>, which also drives dropout.</summary>
    public SequenceModel(SequenceModelConfig config, Rng rng)
    {
        config.Validate();
        Config = config;
        Rng = rng;
        if (config.HasEmbedding) _embedding = new Embedding<T>(Parameters, "embedding.", config.VocabSize!.Value, config.EmbeddingSize!.Value);
        _rnn = RecurrentLayer.Create(config.Cell, Parameters, "rnn.", config.RecurrentInputSize, config.HiddenSize,
            config.NumLayers, config.Bidirectional, config.Dropout, rng);
        if (config.OutputDropout > 0) _outputDropout = new Dropout<T>(config.OutputDropout, rng);
        _head = new Dense<T>(Parameters, "head.", _rnn.OutputSize, config.OutputSize);
        _embedding?.Initialize(rng);
        _rnn.Initialize(rng);
        _head.Initialize(rng);
    }

    public SequenceModelConfig Config { get; }

    /// <summary>Every weight of the model in one flat buffer, with gradients alongside.</summary>
    public ParameterStore<T> Parameters { get; } = new();

    /// <summary>Draws dropout masks; part of a checkpoint.</summary>
    public Rng Rng { get; }

    public IRecurrentLayer<T> Recurrent => _rnn;

    /// <summary>L·D·B·H: the length of one initial or final state for a batch of <paramref name="batch"/>.</summary>
    public int StateLength(int batch) => _rnn.NumLayers * _rnn.Directions * batch * _rnn.HiddenSize;

    /// <summary>(T, B, O) head outputs of the last forward.</summary>
    public ReadOnlySpan<T> Logits => _logits.AsSpan(0, _steps * _batch * Config.OutputSize);

    /// <summary>(L·D, B, H) final hidden states of the last forward.</summary>
    public ReadOnlySpan<T> FinalHidden => _hN.AsSpan(0, StateLength(_batch));

    /// <summary>(L·D, B, H) final cell states of the last forward (LSTM); empty otherwise.</summary>
    public ReadOnlySpan<T> FinalCell => _rnn.HasCellState ? _cN.AsSpan(0, StateLength(_batch)) : default;

    /// <summary>Runs token ids through embedding, stack and head.</summary>
    /// <param name="tokens">(T, B) ids</param>
    /// <param name="lengths">(B) valid steps per sequence, or empty for all T</param>
    /// <param name="h0">(L·D, B, H), or empty for zeros</param>
    /// <param name="c0">(L·D, B, H) for LSTM, or empty for zeros</param>
    public void Forward(ReadOnlySpan<int> tokens, int steps, int batch,
        ReadOnlySpan<int> lengths = default, ReadOnlySpan<T> h0 = default, ReadOnlySpan<T> c0 = default, bool training = false)
    {
        if (_embedding is null) throw new InvalidOperationException("This model reads features (input_size), not token ids.");
        if (tokens.Length != steps * batch)
            throw new ArgumentException($"tokens has {tokens.Length} elements; (T={steps}, B={batch}) needs {steps * batch}.", nameof(tokens));
        Allocate(steps, batch);
        tokens.CopyTo(_tokens);
        _embedding.Forward(_rnnInput.AsSpan(0, steps * batch * Config.RecurrentInputSize), tokens);
        RunStackAndHead(lengths, h0, c0, training);
    }

    /// <summary>Runs features through stack and head.</summary>
    /// <param name="features">(T, B, F)</param>
    public void Forward(ReadOnlySpan<T> features, int steps, int batch,
        ReadOnlySpan<int> lengths = default, ReadOnlySpan<T> h0 = default, ReadOnlySpan<T> c0 = default, bool training = false)
    {
        if (_embedding is not null) throw new InvalidOperationException("This model reads token ids (vocab_size), not features.");
        var width = Config.RecurrentInputSize;
        if (features.Length != steps * batch * width)
            throw new ArgumentException($"features has {features.Length} elements; (T={steps}, B={batch}, F={width}) needs {steps * batch * width}.", nameof(features));
        Allocate(steps, batch);
        features.CopyTo(_rnnInput);
        RunStackAndHead(lengths, h0, c0, training);
    }

    /// <summary>
    /// Backward of the last forward: adds parameter gradients from <paramref name="dLogits"/> (T, B, O) and, when
    /// given, from ∂L/∂h_n and ∂L/∂c_n. Returns nothing for the input: token ids have no gradient.
    /// </summary>
    public void Backward(ReadOnlySpan<T> dLogits, ReadOnlySpan<T> dHN = default, ReadOnlySpan<T> dCN = default,
        Span<T> dH0 = default, Span<T> dC0 = default)
    {
        int rows = _steps * _batch;
        var rnnOutput = _rnnOutput.AsSpan(0, rows * _rnn.OutputSize);
        var dRnnOutput = _dRnnOutput.AsSpan(0, rnnOutput.Length);
        dRnnOutput.Clear();
        if (_outputDropped)
        {
            // The head saw the dropped output, so its weight gradient uses that; the mask then routes dX back.
            var dDropped = _dDroppedOutput.AsSpan(0, rnnOutput.Length);
            dDropped.Clear();
            _head.Backward(dDropped, dLogits, _droppedOutput.AsSpan(0, rnnOutput.Length), rows);
            _outputDropout!.Backward(dRnnOutput, dDropped);
        }
        else
        {
            _head.Backward(dRnnOutput, dLogits, rnnOutput, rows);
        }
        var rnnInput = _rnnInput.AsSpan(0, rows * Config.RecurrentInputSize);
        if (_embedding is null)
        {
            _rnn.Backward(default, dH0, dC0, dRnnOutput, dHN, dCN, rnnInput);
            return;
        }
        var dRnnInput = _dRnnInput.AsSpan(0, rnnInput.Length);
        dRnnInput.Clear();
        _rnn.Backward(dRnnInput, dH0, dC0, dRnnOutput, dHN, dCN, rnnInput);
        _embedding.Backward(dRnnInput, _tokens.AsSpan(0, rows));
    }

    private void RunStackAndHead(ReadOnlySpan<int> lengths, ReadOnlySpan<T> h0, ReadOnlySpan<T> c0, bool training)
    {
        int rows = _steps * _batch, states = StateLength(_batch);
        var rnnOutput = _rnnOutput.AsSpan(0, rows * _rnn.OutputSize);
        _rnn.Forward(rnnOutput, _hN.AsSpan(0, states), _rnn.HasCellState ? _cN.AsSpan(0, states) : default,
            _rnnInput.AsSpan(0, rows * Config.RecurrentInputSize), lengths, h0, c0, _steps, _batch, training);
        _outputDropped = training && _outputDropout is not null;
        ReadOnlySpan<T> headInput = rnnOutput;
        if (_outputDropped)
        {
            var dropped = _droppedOutput.AsSpan(0, rnnOutput.Length);
            _outputDropout!.Forward(dropped, rnnOutput, training: true);
            headInput = dropped;
        }
        _head.Forward(_logits.AsSpan(0, rows * Config.OutputSize), headInput, rows);
    }

    private void Allocate(int steps, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        _steps = steps;
        _batch = batch;
        var rows = steps * batch;
        Grow(ref _tokens, rows);
        Grow(ref _rnnInput, rows * Config.RecurrentInputSize);
        Grow(ref _rnnOutput, rows * _rnn.OutputSize);
        Grow(ref _dRnnOutput, rows * _rnn.OutputSize);
        Grow(ref _logits, rows * Config.OutputSize);
        Grow(ref _hN, StateLength(batch));
        if (_rnn.HasCellState) Grow(ref _cN, StateLength(batch));
        if (_embedding is not null) Grow(ref _dRnnInput, rows * Config.RecurrentInputSize);
        if (_outputDropout is not null)
        {
            Grow(ref _droppedOutput, rows * _rnn.OutputSize);
            Grow(ref _dDroppedOutput, rows * _rnn.OutputSize);
        }
    }

    private static void Grow<TElement>(ref TElement[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new TElement[length];
    }
}
