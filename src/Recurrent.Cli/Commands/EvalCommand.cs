using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn eval</c>: how well a language model predicts a corpus — nats per token, perplexity, bits per character.</summary>
public static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "A language model file.", Required = true };
        var data = new Option<string[]>("--data") { Description = "Corpus files or folders.", Required = true, AllowMultipleArgumentsPerToken = true };
        var format = new Option<string?>("--format") { Description = "text, lines, fortune, csv:COLUMN or jsonl:FIELD; guessed when absent." };
        var seqLen = new Option<int>("--seq-len") { Description = "Steps per forward pass (the state is carried across).", DefaultValueFactory = _ => 128 };
        var batch = new Option<int>("--batch") { Description = "Streams read side by side.", DefaultValueFactory = _ => 16 };
        var json = new Option<bool>("--json") { Description = "Print {\"loss_nats_per_token\", \"perplexity\", \"bits_per_char\", \"tokens\"} as JSON." };
        var command = new Command("eval", "Measure a language model on a corpus.") { model, data, format, seqLen, batch, json };
        command.SetAction(parse => Execute(context, parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(format),
            TrainCommand.Positive(parse.GetValue(seqLen), "--seq-len"), TrainCommand.Positive(parse.GetValue(batch), "--batch"), parse.GetValue(json)));
        return command;
    }

    private static int Execute(CliContext context, string modelPath, string[] data, string? format, int seqLen, int batch, bool json)
    {
        var (model, tokenizer) = LanguageModelFile.Load(modelPath);
        var corpus = CorpusReader.Read(data, format is null ? null : CorpusFormat.Parse(format));
        var tokens = DocumentStream.Encode(tokenizer, corpus.Documents);
        var loss = LanguageModelEvaluator.Evaluate(model, tokens, seqLen, batch);
        if (loss.Tokens == 0) throw new InvalidDataException($"{string.Join(", ", data)}: too little text to measure (fewer than two tokens).");
        // Characters of the text the predicted tokens cover: each document's end counts as one character, like a line break.
        var characters = (long)Math.Round((corpus.CharacterCount + (tokenizer.EndOfDocument is null ? 0 : corpus.Documents.Count)) * (double)loss.Tokens / (tokens.Length - 1));
        var bitsPerChar = loss.BitsPerCharacter(characters);
        if (json)
        {
            context.Output.WriteLine(new JsonObject
            {
                ["loss_nats_per_token"] = loss.NatsPerToken,
                ["perplexity"] = loss.Perplexity,
                ["bits_per_char"] = bitsPerChar,
                ["tokens"] = loss.Tokens,
            }.ToJsonString());
            return 0;
        }
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{loss.NatsPerToken:F4} nats/token, perplexity {loss.Perplexity:F2}, {bitsPerChar:F4} bits/character over {loss.Tokens:N0} {tokenizer.Level} tokens."));
        return 0;
    }
}
