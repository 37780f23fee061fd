using Recurrent.Tensors;

namespace Recurrent.Tests.Support;

/// <summary>
/// Central finite differences in double: dL/dθᵢ ≈ (L(θᵢ + ε) − L(θᵢ − ε)) / 2ε, compared with the analytic gradient.
/// </summary>
public static class GradientCheck
{
    /// <summary>
    /// Perturbs every element of <paramref name="values"/> in turn, re-evaluates <paramref name="loss"/>, and compares
    /// the numeric slope with <paramref name="analytic"/>. ε = 1e-6 keeps truncation error (O(ε²)) and rounding
    /// error (O(1e-16/ε)) both near 1e-10 in double, far below the 1e-6 tolerance used here.
    /// </summary>
    public static void Check(string name, double[] values, ReadOnlySpan<double> analytic, Func<double> loss,
        double epsilon = 1e-6, double atol = 1e-6, double rtol = 1e-5)
    {
        Assert.Equal(values.Length, analytic.Length);
        var numeric = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var saved = values[i];
            values[i] = saved + epsilon;
            var plus = loss();
            values[i] = saved - epsilon;
            var minus = loss();
            values[i] = saved;
            numeric[i] = (plus - minus) / (2 * epsilon);
        }
        TensorAssert.Close<double, double>(name, numeric, analytic, atol, rtol);
    }

    /// <summary>
    /// Checks every parameter of <paramref name="store"/> against the gradients it holds now (after one backward
    /// pass); <paramref name="loss"/> re-runs the forward pass on the store's current values.
    /// </summary>
    public static void CheckParameters(ParameterStore<double> store, Func<double> loss)
    {
        var values = store.Values.ToArray();
        Check("parameters", values, store.Gradients.ToArray(), () =>
        {
            values.CopyTo(store.Values);
            return loss();
        });
    }
}
