namespace Recurrent.Text;

/// <summary>
/// Joins documents into one token stream for language-model training: <c>&lt;bos&gt;</c> document
/// <c>&lt;eos&gt;</c> for each, or the bare texts one after another for a tokenizer without boundaries.
/// </summary>
public static class DocumentStream
{
    public static int[] Encode(ITokenizer tokenizer, IEnumerable<string> documents)
    {
        var stream = new List<int>();
        foreach (var document in documents)
        {
            if (tokenizer.BeginOfDocument is { } begin) stream.Add(begin);
            stream.AddRange(tokenizer.Encode(document));
            if (tokenizer.EndOfDocument is { } end) stream.Add(end);
        }
        return [.. stream];
    }
}
