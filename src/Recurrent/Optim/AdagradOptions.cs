namespace Recurrent.Optim;

/// <summary>Settings of <see cref="Adagrad{T}"/>; every default is PyTorch's.</summary>
public sealed record AdagradOptions
{
    /// <summary>δ in ηₜ = η / (1 + (t − 1)·δ); 0 (a constant rate) as in PyTorch.</summary>
    public double LearningRateDecay { get; init; }

    /// <summary>λ, an L2 penalty added to the gradient as λ·θ; 0 as in PyTorch.</summary>
    public double WeightDecay { get; init; }

    /// <summary>The starting value of the sum of squares; 0 as in PyTorch.</summary>
    public double InitialAccumulatorValue { get; init; }

    /// <summary>ε, added to the root so a zero sum does not divide by zero; 1e-10 as in PyTorch.</summary>
    public double Epsilon { get; init; } = 1e-10;
}
