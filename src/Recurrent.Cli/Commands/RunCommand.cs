using System.CommandLine;
using Recurrent.IO;
using Recurrent.Models;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn run MODEL --input IN --output OUT</c>: runs a model on tensors from a safetensors file and writes its
/// outputs to another — how a PyTorch-trained model runs from .NET, and how parity is checked from outside.
/// </summary>
public static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<FileInfo>("MODEL") { Description = "A model file (.safetensors) with 'recurrent' metadata." };
        var input = new Option<FileInfo>("--input", "-i")
        {
            Description = "Safetensors file with 'input' (int32 (T, B) token ids or float32 (T, B, F) features) and optionally 'lengths' (B), 'h0' and 'c0' (layers·directions, B, H).",
            Required = true,
        };
        var output = new Option<FileInfo>("--output", "-o")
        {
            Description = "Where to write 'output' (T, B, O), 'h_n' and, for LSTM, 'c_n' (written atomically).",
            Required = true,
        };
        var command = new Command("run", "Run a model on tensors from a safetensors file.") { model, input, output };
        command.SetAction(parse => Execute(context, parse.GetValue(model)!.FullName, parse.GetValue(input)!.FullName, parse.GetValue(output)!.FullName));
        return command;
    }

    private static int Execute(CliContext context, string modelPath, string inputPath, string outputPath)
    {
        var model = ModelFile.Load<float>(modelPath);
        var inputs = SafeTensorsFile.Read(inputPath);
        var config = model.Config;
        var input = inputs["input"];
        int steps, batch;
        if (config.HasEmbedding)
        {
            if (input.Shape.Count != 2 || input.DType.IsFloatingPoint())
                throw new InvalidDataException($"{inputPath}: this model reads token ids, so 'input' must be an integer tensor (T, B); it is {input.DType} {input.ShapeText}.");
            (steps, batch) = (input.Shape[0], input.Shape[1]);
        }
        else
        {
            if (input.Shape.Count != 3 || !input.DType.IsFloatingPoint() || input.Shape[2] != config.InputSize)
                throw new InvalidDataException($"{inputPath}: this model reads features, so 'input' must be float (T, B, {config.InputSize}); it is {input.DType} {input.ShapeText}.");
            (steps, batch) = (input.Shape[0], input.Shape[1]);
        }
        var directions = config.Bidirectional ? 2 : 1;
        int[] stateShape = [config.NumLayers * directions, batch, config.HiddenSize];
        var lengths = inputs.Find("lengths") is { } l ? Checked(l, [batch], inputPath).ToInt32Array() : [];
        var h0 = inputs.Find("h0") is { } h ? Checked(h, stateShape, inputPath).ToArray<float>() : [];
        var hasCell = model.Recurrent.HasCellState;
        var c0 = hasCell && inputs.Find("c0") is { } c ? Checked(c, stateShape, inputPath).ToArray<float>() : [];
        if (!hasCell && inputs.Contains("c0"))
            throw new InvalidDataException($"{inputPath}: 'c0' is only for LSTM models; this model is {config.Cell}.");

        if (config.HasEmbedding) model.Forward(input.ToInt32Array(), steps, batch, lengths, h0, c0);
        else model.Forward(input.ToArray<float>(), steps, batch, lengths, h0, c0);

        var writer = new SafeTensorsWriter()
            .AddFloat32<float>("output", model.Logits, steps, batch, config.OutputSize)
            .AddFloat32<float>("h_n", model.FinalHidden, stateShape);
        if (hasCell) writer.AddFloat32<float>("c_n", model.FinalCell, stateShape);
        writer.Save(outputPath);
        context.Output.WriteLine($"wrote {outputPath}: output ({steps}, {batch}, {config.OutputSize})");
        return 0;
    }

    private static SafeTensor Checked(SafeTensor tensor, int[] shape, string path) =>
        tensor.Shape.SequenceEqual(shape)
            ? tensor
            : throw new InvalidDataException($"{path}: '{tensor.Name}' has shape {tensor.ShapeText}, but this model and input need {SafeTensor.FormatShape(shape)}.");
}
