namespace Recurrent.Training;

/// <summary>Summed negative log-likelihood of a text under a language model, and what it gives per token and character.</summary>
/// <param name="TotalNats">Σ −ln p(next token), over every predicted token</param>
/// <param name="Tokens">how many tokens were predicted</param>
public readonly record struct LanguageModelLoss(double TotalNats, long Tokens)
{
    /// <summary>Mean nats per token: the cross-entropy training minimises.</summary>
    public double NatsPerToken => TotalNats / Tokens;

    /// <summary>exp(nats per token): the number of equally likely tokens the model is as unsure as.</summary>
    public double Perplexity => Math.Exp(NatsPerToken);

    /// <summary>Bits per character of <paramref name="characters"/> characters of text: Σ nats / (ln 2 · characters), comparable across tokenizers.</summary>
    public double BitsPerCharacter(long characters) => TotalNats / (Math.Log(2) * characters);
}
