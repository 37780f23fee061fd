namespace Recurrent.Optim;

/// <summary>Settings of <see cref="Adam{T}"/>; the defaults are PyTorch's <c>Adam</c>, <see cref="AdamW"/> its <c>AdamW</c>.</summary>
public sealed record AdamOptions
{
    /// <summary>PyTorch's AdamW defaults: decoupled decay with λ = 0.01.</summary>
    public static AdamOptions AdamW { get; } = new() { WeightDecay = 1e-2, DecoupledWeightDecay = true };

    /// <summary>β₁, decay of the gradient average; 0.9 as in PyTorch and the Adam paper.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>β₂, decay of the squared-gradient average; 0.999 as in PyTorch and the Adam paper.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>ε, added to the denominator so it is never zero; 1e-8 as in PyTorch.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>λ; 0 as in PyTorch's Adam (AdamW's 0.01 is in <see cref="AdamW"/>).</summary>
    public double WeightDecay { get; init; }

    /// <summary>
    /// False: λθ is added to the gradient (Adam's L2). True: θ ← (1 − ηλ)·θ before the update (AdamW).
    /// Off, as in PyTorch's Adam.
    /// </summary>
    public bool DecoupledWeightDecay { get; init; }
}
