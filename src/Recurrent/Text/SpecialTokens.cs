namespace Recurrent.Text;

/// <summary>The names of the tokens that are not text.</summary>
public static class SpecialTokens
{
    public const string BeginOfDocument = "<bos>";
    public const string EndOfDocument = "<eos>";
    public const string Unknown = "<unk>";
}
