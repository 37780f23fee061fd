using Recurrent.Models;
using Recurrent.Text;

namespace Recurrent.Cli;

/// <summary>Loads a language model file together with the tokenizer saved inside it.</summary>
internal static class LanguageModelFile
{
    public static (SequenceModel<float> Model, ITokenizer Tokenizer) Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such model file.");
        var model = ModelFile.Load<float>(path);
        return (model, Tokenizers.FromConfig(model.Config, path));
    }
}
