using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.Text;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn complete</c>: the most likely next tokens after a text, with their probabilities.</summary>
public static class CompleteCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "A language model file.", Required = true };
        var text = new Option<string>("--text") { Description = "The text to continue.", Required = true };
        var top = new Option<int>("--top") { Description = "How many candidates to show.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print JSON: [{\"token\": …, \"probability\": …}, …]." };
        var command = new Command("complete", "Show the most likely next tokens after a text.") { model, text, top, json };
        command.SetAction(parse => Execute(context, parse.GetValue(model)!, parse.GetValue(text)!, TrainCommand.Positive(parse.GetValue(top), "--top"), parse.GetValue(json)));
        return command;
    }

    private static int Execute(CliContext context, string modelPath, string text, int top, bool json)
    {
        var (model, tokenizer) = LanguageModelFile.Load(modelPath);
        var generator = new TextGenerator(model, tokenizer);
        generator.Start(generator.PrimeIds(text));
        // p = softmax(z), shifted by the max so nothing overflows.
        var logits = generator.NextLogits.ToArray();
        var max = logits.Max();
        var weights = logits.Select(z => Math.Exp(z - max)).ToArray();
        var total = weights.Sum();
        var best = Enumerable.Range(0, weights.Length).OrderByDescending(i => weights[i]).ThenBy(i => i).Take(top)
            .Select(i => (Token: tokenizer.TokenText(i), Probability: weights[i] / total)).ToList();
        if (json)
        {
            context.Output.WriteLine(new JsonArray(best.Select(b => (JsonNode)new JsonObject { ["token"] = b.Token, ["probability"] = b.Probability }).ToArray()).ToJsonString());
            return 0;
        }
        foreach (var (token, probability) in best)
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{probability,8:P2}  {Visible(token)}"));
        return 0;
    }

    /// <summary>Spaces and line breaks shown as names, so a candidate is never an invisible blank.</summary>
    private static string Visible(string token) => token switch
    {
        " " => "(space)",
        "\n" => "(new line)",
        "\t" => "(tab)",
        _ => token,
    };
}
