namespace Recurrent.Optim;

/// <summary>Settings of <see cref="RmsProp{T}"/>; every default is PyTorch's.</summary>
public sealed record RmsPropOptions
{
    /// <summary>α, decay of the squared-gradient average; 0.99 as in PyTorch (Hinton's lecture used 0.9).</summary>
    public double Alpha { get; init; } = 0.99;

    /// <summary>ε, added to the root so the step stays bounded; 1e-8 as in PyTorch.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>μ, momentum on the normalised step; 0 (none) as in PyTorch.</summary>
    public double Momentum { get; init; }

    /// <summary>Divide by the estimated variance, E[g²] − E[g]², instead of E[g²]; off, as in PyTorch.</summary>
    public bool Centered { get; init; }

    /// <summary>λ, an L2 penalty added to the gradient as λ·θ; 0 as in PyTorch.</summary>
    public double WeightDecay { get; init; }
}
