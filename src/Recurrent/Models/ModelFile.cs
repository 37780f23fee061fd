using System.Numerics;
using Recurrent.IO;
using Recurrent.Layers.Recurrent;
using Recurrent.Tensors;

namespace Recurrent.Models;

/// <summary>
/// Sequence models as safetensors files: PyTorch state-dict tensor names, and the configuration as JSON under
/// <c>__metadata__["recurrent"]</c>. A file saved by PyTorch with
/// <c>safetensors.torch.save_file(model.state_dict(), path, metadata={"recurrent": config_json})</c> loads unchanged.
/// </summary>
public static class ModelFile
{
    /// <summary>Tensors under these prefixes belong to a training checkpoint and are not model weights.</summary>
    public static readonly string[] CheckpointPrefixes = ["optimizer.", "training."];

    /// <summary>Writes the model atomically; weights keep their element type (F32 for float models, PyTorch's default).</summary>
    public static void Save<T>(SequenceModel<T> model, string path) where T : unmanaged, IFloatingPointIeee754<T> =>
        CreateWriter(model).Save(path);

    /// <summary>A writer holding the model's configuration and weights, to which a checkpoint adds its state.</summary>
    public static SafeTensorsWriter CreateWriter<T>(SequenceModel<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var writer = new SafeTensorsWriter().AddMetadata(SequenceModelConfig.MetadataKey, model.Config.ToJson());
        foreach (var parameter in model.Parameters.Parameters)
            writer.AddFloat(parameter.Name, parameter.Value, [.. parameter.Shape]);
        return writer;
    }

    public static SequenceModel<T> Load<T>(string path) where T : unmanaged, IFloatingPointIeee754<T> =>
        Load<T>(SafeTensorsFile.Read(path));

    /// <summary>
    /// Builds the model the file's configuration describes and fills it, checking every tensor's name, dtype and
    /// shape; a mismatch names the tensor and both shapes.
    /// </summary>
    public static SequenceModel<T> Load<T>(SafeTensorsFile file) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var config = ReadConfig(file);
        var model = new SequenceModel<T>(config, new Rng(0));
        var expected = model.Parameters.Parameters.ToDictionary(p => p.Name);
        foreach (var tensor in file.Tensors)
        {
            if (!expected.ContainsKey(tensor.Name) && !CheckpointPrefixes.Any(tensor.Name.StartsWith))
                throw new InvalidDataException($"{file.Source}: unexpected tensor '{tensor.Name}' for a {config.Cell.ToConfigName()} model with this configuration.");
        }
        foreach (var parameter in model.Parameters.Parameters)
        {
            var tensor = file.Find(parameter.Name)
                ?? throw new InvalidDataException($"{file.Source}: tensor '{parameter.Name}' is missing (shape {SafeTensor.FormatShape(parameter.Shape)} expected).");
            if (!tensor.DType.IsFloatingPoint())
                throw new InvalidDataException($"{file.Source}: tensor '{parameter.Name}' has dtype {tensor.DType}; a floating-point dtype is expected.");
            if (!tensor.Shape.SequenceEqual(parameter.Shape))
                throw new InvalidDataException(
                    $"{file.Source}: tensor '{parameter.Name}' has shape {tensor.ShapeText}, but the configuration needs {SafeTensor.FormatShape(parameter.Shape)}.");
            tensor.CopyTo(parameter.Value);
        }
        return model;
    }

    public static SequenceModelConfig ReadConfig(SafeTensorsFile file)
    {
        if (!file.Metadata.TryGetValue(SequenceModelConfig.MetadataKey, out var json))
            throw new InvalidDataException(
                $"{file.Source}: no '{SequenceModelConfig.MetadataKey}' entry in the safetensors metadata, so the model's configuration is unknown (see the README's model-file schema).");
        try
        {
            return SequenceModelConfig.FromJson(json);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{file.Source}: {e.Message}");
        }
    }
}
