using System.Numerics;

namespace Recurrent.Tensors;

/// <summary>
/// A seeded random number generator (xoshiro256**) whose whole state can be saved and restored, so that a
/// resumed training run draws exactly the numbers an uninterrupted one would have drawn.
/// </summary>
/// <remarks>System.Random cannot expose its state, which is why this type exists.</remarks>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    public Rng(ulong seed)
    {
        // SplitMix64 spreads a small seed over the 256-bit state, as the xoshiro authors recommend.
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The generator's state: four words that <see cref="Restore"/> accepts.</summary>
    public ulong[] State => [_s0, _s1, _s2, _s3];

    public void Restore(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 4) throw new ArgumentException("An Rng state has exactly four words.", nameof(state));
        if ((state[0] | state[1] | state[2] | state[3]) == 0)
            throw new ArgumentException("An all-zero Rng state is invalid.", nameof(state));
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, maxExclusive), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        var bound = (ulong)maxExclusive;
        var threshold = (0UL - bound) % bound;
        while (true)
        {
            var r = NextUInt64();
            if (r >= threshold) return (int)(r % bound);
        }
    }

    /// <summary>Standard normal sample (Box–Muller; no cached spare, so the state stays four words).</summary>
    public double NextNormal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fills <paramref name="destination"/> with samples of U(low, high).</summary>
    public void FillUniform<T>(Span<T> destination, double low, double high) where T : IFloatingPointIeee754<T>
    {
        var width = high - low;
        for (var i = 0; i < destination.Length; i++)
            destination[i] = T.CreateTruncating(low + width * NextDouble());
    }

    private static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
