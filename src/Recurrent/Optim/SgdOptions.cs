namespace Recurrent.Optim;

/// <summary>Settings of <see cref="Sgd{T}"/>; every default is PyTorch's, so plain SGD is what you get unasked.</summary>
public sealed record SgdOptions
{
    /// <summary>μ; 0 (PyTorch's default) is plain gradient descent with no velocity buffer.</summary>
    public double Momentum { get; init; }

    /// <summary>τ, damping of the gradient's share in the velocity; 0 as in PyTorch.</summary>
    public double Dampening { get; init; }

    /// <summary>Nesterov momentum (needs μ &gt; 0 and τ = 0); off, as in PyTorch.</summary>
    public bool Nesterov { get; init; }

    /// <summary>λ, an L2 penalty added to the gradient as λ·θ; 0 as in PyTorch.</summary>
    public double WeightDecay { get; init; }
}
