using System.Numerics;
using System.Runtime.CompilerServices;

namespace Recurrent.Layers.Recurrent;

/// <summary>
/// Loads and stores <see cref="Vector{T}"/> lanes of a row, zero-padding the last partial vector, so that each
/// cell writes its point-wise formula once and the same code covers the vector body and the remainder. The tail is
/// never computed twice, which matters because cells update some rows in place (dc ← dc′·f).
/// </summary>
/// <remarks>
/// The whole-vector case is inlined into the cell's loop; the partial one lives in its own method, because a method
/// with a <c>stackalloc</c> is never inlined and a call per vector cost the LSTM backward step about 3% of training.
/// </remarks>
internal static class Lanes<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Load(ReadOnlySpan<T> row, int offset) =>
        offset + Count <= row.Length ? new Vector<T>(row[offset..]) : LoadPartial(row, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector<T> value, Span<T> row, int offset)
    {
        if (offset + Count <= row.Length)
            value.CopyTo(row[offset..]);
        else
            StorePartial(value, row, offset);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector<T> LoadPartial(ReadOnlySpan<T> row, int offset)
    {
        Span<T> padded = stackalloc T[Count];
        padded.Clear();
        row[offset..].CopyTo(padded);
        return new Vector<T>(padded);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StorePartial(Vector<T> value, Span<T> row, int offset)
    {
        Span<T> padded = stackalloc T[Count];
        value.CopyTo(padded);
        padded[..(row.Length - offset)].CopyTo(row[offset..]);
    }
}
