using Recurrent.Models;

namespace Recurrent.Text;

/// <summary>
/// Writes text with a language model one token at a time, carrying the hidden state: the prime is read once,
/// then each step feeds only the token just drawn. For a model trained on documents, generation starts after
/// <c>&lt;bos&gt;</c> and ends at <c>&lt;eos&gt;</c>.
/// </summary>
public sealed class TextGenerator(SequenceModel<float> model, ITokenizer tokenizer)
{
    private readonly float[] _hidden = new float[model.StateLength(1)];
    private readonly float[] _cell = new float[model.Recurrent.HasCellState ? model.StateLength(1) : 0];
    private readonly float[] _allowedLogits = new float[model.Config.OutputSize];

    /// <summary>The ids of <paramref name="prime"/> as the model reads it: after <c>&lt;bos&gt;</c> when there is one.</summary>
    public int[] PrimeIds(string prime)
    {
        int[] ids = [.. tokenizer.BeginOfDocument is { } begin ? [begin] : Array.Empty<int>(), .. tokenizer.Encode(prime)];
        if (ids.Length == 0)
            throw new ArgumentException("This model was trained on running text without document starts: give --prime with some text to begin from.");
        return ids;
    }

    /// <summary>Reads <paramref name="ids"/> from a fresh state; afterwards <see cref="NextLogits"/> predicts what follows.</summary>
    public void Start(int[] ids)
    {
        model.Forward(ids, ids.Length, 1);
        KeepState();
    }

    /// <summary>(V) logits for the next token.</summary>
    public ReadOnlySpan<float> NextLogits => model.Logits[^model.Config.OutputSize..];

    /// <summary>Feeds one token, continuing from the carried state.</summary>
    public void Feed(int id)
    {
        model.Forward([id], 1, 1, default, _hidden, _cell);
        KeepState();
    }

    /// <summary>
    /// Draws up to <paramref name="maxTokens"/> tokens after <paramref name="prime"/>, yielding each as it is drawn;
    /// stops early at end-of-document.
    /// </summary>
    /// <param name="drawUnknown">false: never draw <c>&lt;unk&gt;</c>; its probability goes to the other tokens in proportion</param>
    public IEnumerable<int> Generate(string prime, int maxTokens, TokenSampler sampler, double temperature, int topK, double topP,
        bool drawUnknown = true)
    {
        var banned = drawUnknown ? null : tokenizer.Unknown;
        Start(PrimeIds(prime));
        for (var i = 0; i < maxTokens; i++)
        {
            var next = sampler.Sample(AllowedLogits(banned), temperature, topK, topP);
            if (next == tokenizer.EndOfDocument) yield break;
            yield return next;
            Feed(next);
        }
    }

    /// <summary>The next logits, with <paramref name="banned"/>'s at −∞ (probability 0 at any temperature) when given.</summary>
    private ReadOnlySpan<float> AllowedLogits(int? banned)
    {
        if (banned is not { } id) return NextLogits;
        NextLogits.CopyTo(_allowedLogits);
        _allowedLogits[id] = float.NegativeInfinity;
        return _allowedLogits;
    }

    private void KeepState()
    {
        model.FinalHidden.CopyTo(_hidden);
        if (_cell.Length > 0) model.FinalCell.CopyTo(_cell);
    }
}
