using System.Numerics;
using Recurrent.IO;
using Recurrent.Tensors;

namespace Recurrent.Models;

/// <summary>
/// Wake-word models as safetensors files: the weights under their module names and <see cref="WakeModelConfig"/>
/// as JSON under <c>__metadata__["recurrent"]</c>, as for sequence models.
/// </summary>
public static class WakeModelFile
{
    public static void Save<T>(WakeModel<T> model, string path) where T : unmanaged, IFloatingPointIeee754<T> =>
        CreateWriter(model).Save(path);

    /// <summary>A writer holding the configuration and weights, to which a checkpoint adds its state.</summary>
    public static SafeTensorsWriter CreateWriter<T>(WakeModel<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var writer = new SafeTensorsWriter().AddMetadata(SequenceModelConfig.MetadataKey, model.Config.ToJson());
        foreach (var parameter in model.Parameters.Parameters) writer.AddFloat(parameter.Name, parameter.Value, [.. parameter.Shape]);
        return writer;
    }

    public static WakeModel<T> Load<T>(string path) where T : unmanaged, IFloatingPointIeee754<T> => Load<T>(SafeTensorsFile.Read(path));

    /// <summary>Builds the model the file describes and fills it; a wrong or missing tensor is named with both shapes.</summary>
    public static WakeModel<T> Load<T>(SafeTensorsFile file) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = new WakeModel<T>(ReadConfig(file), new Rng(0));
        foreach (var parameter in model.Parameters.Parameters)
        {
            var tensor = file.Find(parameter.Name)
                ?? throw new InvalidDataException($"{file.Source}: tensor '{parameter.Name}' is missing (shape {SafeTensor.FormatShape(parameter.Shape)} expected).");
            if (!tensor.DType.IsFloatingPoint() || !tensor.Shape.SequenceEqual(parameter.Shape))
                throw new InvalidDataException(
                    $"{file.Source}: tensor '{parameter.Name}' is {tensor.DType} {tensor.ShapeText}, but the configuration needs floating-point {SafeTensor.FormatShape(parameter.Shape)}.");
            tensor.CopyTo(parameter.Value);
        }
        return model;
    }

    public static WakeModelConfig ReadConfig(SafeTensorsFile file)
    {
        if (!file.Metadata.TryGetValue(SequenceModelConfig.MetadataKey, out var json))
            throw new InvalidDataException($"{file.Source}: no '{SequenceModelConfig.MetadataKey}' entry in the safetensors metadata, so this is not a Recurrent model.");
        try
        {
            return WakeModelConfig.FromJson(json);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{file.Source}: {e.Message}");
        }
    }
}
