using System.Numerics;

namespace Recurrent.Optim;

/// <summary>Builds an optimizer from its name, with PyTorch's default settings; the CLI's --optimizer uses it.</summary>
public static class OptimizerFactory
{
    /// <summary>The names <see cref="Create{T}"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["sgd", "adam", "adamw", "rmsprop", "adagrad"];

    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static Optimizer<T> Create<T>(string name, int parameterCount, double learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "sgd" => new Sgd<T>(parameterCount, learningRate),
            "adam" => new Adam<T>(parameterCount, learningRate),
            "adamw" => new Adam<T>(parameterCount, learningRate, AdamOptions.AdamW),
            "rmsprop" => new RmsProp<T>(parameterCount, learningRate),
            "adagrad" => new Adagrad<T>(parameterCount, learningRate),
            _ => throw new ArgumentException($"Unknown optimizer '{name}'; valid names are: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
