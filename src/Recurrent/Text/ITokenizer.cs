using System.Text.Json.Nodes;

namespace Recurrent.Text;

/// <summary>
/// Turns text into token ids and back. A tokenizer built for documents has begin- and end-of-document ids, which
/// <see cref="DocumentStream"/> puts around every document so a model learns where one starts and ends.
/// </summary>
public interface ITokenizer
{
    /// <summary><c>char</c> or <c>word</c>, as stored in the model file.</summary>
    string Level { get; }

    int VocabularySize { get; }

    /// <summary>The begin-of-document id, or null for running text.</summary>
    int? BeginOfDocument { get; }

    /// <summary>The end-of-document id, or null for running text.</summary>
    int? EndOfDocument { get; }

    /// <summary>The id that stands for every token outside the vocabulary (<c>&lt;unk&gt;</c>), or null when there is none.</summary>
    int? Unknown { get; }

    /// <summary>The ids of <paramref name="text"/>, without document boundaries.</summary>
    int[] Encode(string text);

    /// <summary>The text of <paramref name="ids"/>; document boundaries are left out.</summary>
    string Decode(IEnumerable<int> ids);

    /// <summary>How one token reads on its own (boundaries as <c>&lt;bos&gt;</c>, <c>&lt;eos&gt;</c>).</summary>
    string TokenText(int id);

    /// <summary>The JSON stored under the model configuration's <c>tokenizer</c> key.</summary>
    JsonObject ToJson();
}
