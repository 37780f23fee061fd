using System.Numerics;

namespace Recurrent.Layers.Recurrent;

/// <summary>
/// Loads and stores <see cref="Vector{T}"/> lanes of a row, zero-padding the last partial vector, so that each
/// cell writes its point-wise formula once and the same code covers the vector body and the remainder. The tail is
/// never computed twice, which matters because cells update some rows in place (dc ← dc′·f).
/// </summary>
internal static class Lanes<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector<T>.Count;

    public static Vector<T> Load(ReadOnlySpan<T> row, int offset)
    {
        if (offset + Count <= row.Length) return new Vector<T>(row[offset..]);
        Span<T> padded = stackalloc T[Count];
        padded.Clear();
        row[offset..].CopyTo(padded);
        return new Vector<T>(padded);
    }

    public static void Store(Vector<T> value, Span<T> row, int offset)
    {
        if (offset + Count <= row.Length)
        {
            value.CopyTo(row[offset..]);
            return;
        }
        Span<T> padded = stackalloc T[Count];
        value.CopyTo(padded);
        padded[..(row.Length - offset)].CopyTo(row[offset..]);
    }
}
