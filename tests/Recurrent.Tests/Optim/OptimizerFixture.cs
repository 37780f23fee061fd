using System.Numerics;
using Recurrent.Optim;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Optim;

/// <summary>Replays the 5-step PyTorch trajectories of Fixtures/optim/&lt;optimizer&gt;.safetensors.</summary>
internal static class OptimizerFixture
{
    /// <summary>
    /// Float runs: 5 steps of float32 rounding (~6e-8 relative per operation, a few operations per step) against
    /// float64 references; 1e-5 relative-or-absolute is well above that and well below any formula error.
    /// </summary>
    public const double FloatTolerance = 1e-5;

    /// <summary>
    /// Double runs follow PyTorch's operations one by one, so only fused-vs-separate multiply-adds differ (ulps).
    /// </summary>
    public const double DoubleTolerance = 1e-12;

    /// <summary>Steps the optimizer through the fixture's gradients and compares the parameters after every step.</summary>
    public static void Replay<T>(string optimizer, string fixtureCase, Func<int, Optimizer<T>> create)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var file = Fixtures.Load($"optim/{optimizer}.safetensors");
        var parameters = file["params0"].ToArray<T>();
        var gradientsTensor = file["grads"];
        var gradients = gradientsTensor.ToArray<T>();
        var expected = file[$"{fixtureCase}.expected"].ToArray<double>();
        var n = parameters.Length;
        var steps = gradientsTensor.Shape[0];
        var tolerance = typeof(T) == typeof(float) ? FloatTolerance : DoubleTolerance;
        var sut = create(n);

        for (var k = 0; k < steps; k++)
        {
            sut.Step(parameters, gradients.AsSpan(k * n, n));
            TensorAssert.Close<T, double>($"{optimizer}/{fixtureCase} ({typeof(T).Name}) after step {k + 1}",
                expected.AsSpan(k * n, n), parameters, tolerance, tolerance);
        }
        Assert.Equal(steps, sut.StepCount);
    }

    /// <summary>
    /// Five straight steps versus three steps, a checkpoint of the step count and state buffers, a fresh optimizer
    /// restored from it, and two more steps: the parameters must be bit-identical.
    /// </summary>
    public static void AssertResumeIsExact<T>(Func<int, Optimizer<T>> create) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var file = Fixtures.Load("optim/sgd.safetensors");
        var initial = file["params0"].ToArray<T>();
        var gradients = file["grads"].ToArray<T>();
        var n = initial.Length;

        var straight = (T[])initial.Clone();
        var uninterrupted = create(n);
        for (var k = 0; k < 5; k++) uninterrupted.Step(straight, gradients.AsSpan(k * n, n));

        var resumed = (T[])initial.Clone();
        var first = create(n);
        for (var k = 0; k < 3; k++) first.Step(resumed, gradients.AsSpan(k * n, n));
        var checkpoint = first.StateBuffers.ToDictionary(s => s.Name, s => (T[])s.Values.Clone());
        var second = create(n);
        second.RestoreState(first.StepCount, checkpoint);
        for (var k = 3; k < 5; k++) second.Step(resumed, gradients.AsSpan(k * n, n));

        Assert.Equal(straight, resumed);
        Assert.Equal(5, second.StepCount);
        foreach (var (name, values) in uninterrupted.StateBuffers)
            Assert.Equal(values, second.StateBuffers.Single(s => s.Name == name).Values);
    }
}
