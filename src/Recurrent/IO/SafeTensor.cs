using System.Buffers.Binary;
using System.Numerics;

namespace Recurrent.IO;

/// <summary>One tensor of a safetensors file: its name, element type, shape and little-endian bytes.</summary>
public sealed class SafeTensor
{
    private readonly ReadOnlyMemory<byte> _data;

    internal SafeTensor(string name, SafeTensorsDType dtype, int[] shape, ReadOnlyMemory<byte> data)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        _data = data;
    }

    public string Name { get; }

    public SafeTensorsDType DType { get; }

    public IReadOnlyList<int> Shape { get; }

    public int ElementCount => Shape.Aggregate(1, (a, b) => checked(a * b));

    public ReadOnlySpan<byte> Bytes => _data.Span;

    /// <summary>The shape as PyTorch prints it, e.g. <c>(4, 3)</c>.</summary>
    public string ShapeText => FormatShape(Shape);

    public static string FormatShape(IEnumerable<int> shape) => "(" + string.Join(", ", shape) + ")";

    /// <summary>Copies the elements into <paramref name="destination"/>, converting any floating-point type.</summary>
    public void CopyTo<T>(Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (!DType.IsFloatingPoint())
            throw new InvalidDataException($"Tensor '{Name}' has dtype {DType}; a floating-point tensor is expected.");
        if (destination.Length != ElementCount)
            throw new ArgumentException($"Tensor '{Name}' has {ElementCount} elements; the destination holds {destination.Length}.");
        var bytes = Bytes;
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = DType switch
            {
                SafeTensorsDType.F32 => T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..])),
                SafeTensorsDType.F64 => T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..])),
                SafeTensorsDType.F16 => T.CreateTruncating((float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * i)..])),
                // bfloat16 is the top half of a float32.
                _ => T.CreateTruncating(BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]) << 16)),
            };
        }
    }

    /// <summary>The elements as <typeparamref name="T"/>, converting any floating-point type.</summary>
    public T[] ToArray<T>() where T : IFloatingPointIeee754<T>
    {
        var result = new T[ElementCount];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>The elements of an integer tensor as int32, failing on values that do not fit.</summary>
    public int[] ToInt32Array()
    {
        var bytes = Bytes;
        var result = new int[ElementCount];
        for (var i = 0; i < result.Length; i++)
        {
            long value = DType switch
            {
                SafeTensorsDType.I32 => BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * i)..]),
                SafeTensorsDType.I64 => BinaryPrimitives.ReadInt64LittleEndian(bytes[(8 * i)..]),
                SafeTensorsDType.I16 => BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]),
                SafeTensorsDType.I8 => (sbyte)bytes[i],
                SafeTensorsDType.U8 or SafeTensorsDType.BOOL => bytes[i],
                _ => throw new InvalidDataException($"Tensor '{Name}' has dtype {DType}; an integer tensor is expected."),
            };
            if (value is < int.MinValue or > int.MaxValue)
                throw new InvalidDataException($"Tensor '{Name}' holds {value} at index {i}, which does not fit in int32.");
            result[i] = (int)value;
        }
        return result;
    }

    /// <summary>The elements of an I64 tensor as raw 64-bit words (used for RNG states).</summary>
    public ulong[] ToUInt64Array()
    {
        if (DType != SafeTensorsDType.I64)
            throw new InvalidDataException($"Tensor '{Name}' has dtype {DType}; I64 is expected.");
        var result = new ulong[ElementCount];
        for (var i = 0; i < result.Length; i++) result[i] = BinaryPrimitives.ReadUInt64LittleEndian(Bytes[(8 * i)..]);
        return result;
    }
}
