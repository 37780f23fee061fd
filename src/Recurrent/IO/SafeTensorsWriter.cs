using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json;

namespace Recurrent.IO;

/// <summary>
/// Collects tensors and metadata and writes them as one safetensors file, atomically: the bytes go to a
/// temporary file beside the target, which is then renamed over it, so a crash never leaves half a file.
/// </summary>
public sealed class SafeTensorsWriter
{
    private readonly List<(string Name, SafeTensorsDType DType, int[] Shape, byte[] Data)> _tensors = [];
    private readonly Dictionary<string, string> _metadata = [];

    public SafeTensorsWriter AddMetadata(string key, string value)
    {
        _metadata[key] = value;
        return this;
    }

    /// <summary>Adds a float32 tensor; values of other floating-point types are rounded to float32.</summary>
    public SafeTensorsWriter AddFloat32<T>(string name, ReadOnlySpan<T> values, params int[] shape) where T : IFloatingPointIeee754<T>
    {
        var data = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), float.CreateTruncating(values[i]));
        return Add(name, SafeTensorsDType.F32, shape, data);
    }

    public SafeTensorsWriter AddFloat64<T>(string name, ReadOnlySpan<T> values, params int[] shape) where T : IFloatingPointIeee754<T>
    {
        var data = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8 * i), double.CreateTruncating(values[i]));
        return Add(name, SafeTensorsDType.F64, shape, data);
    }

    /// <summary>Adds a tensor in its own precision: F64 for double, F32 for float and narrower types.</summary>
    public SafeTensorsWriter AddFloat<T>(string name, ReadOnlySpan<T> values, params int[] shape) where T : IFloatingPointIeee754<T> =>
        typeof(T) == typeof(double) ? AddFloat64(name, values, shape) : AddFloat32(name, values, shape);

    public SafeTensorsWriter AddInt32(string name, ReadOnlySpan<int> values, params int[] shape)
    {
        var data = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4 * i), values[i]);
        return Add(name, SafeTensorsDType.I32, shape, data);
    }

    /// <summary>Adds 64-bit words as an I64 tensor (bit pattern preserved).</summary>
    public SafeTensorsWriter AddUInt64(string name, ReadOnlySpan<ulong> values, params int[] shape)
    {
        var data = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(8 * i), values[i]);
        return Add(name, SafeTensorsDType.I64, shape, data);
    }

    private SafeTensorsWriter Add(string name, SafeTensorsDType dtype, int[] shape, byte[] data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == "__metadata__") throw new ArgumentException("'__metadata__' is reserved.", nameof(name));
        if (_tensors.Any(t => t.Name == name)) throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (count * dtype.Size() != data.Length)
            throw new ArgumentException($"Tensor '{name}': shape {SafeTensor.FormatShape(shape)} does not match {data.Length / dtype.Size()} elements.");
        _tensors.Add((name, dtype, shape, data));
        return this;
    }

    /// <summary>The whole file as bytes.</summary>
    public byte[] ToBytes()
    {
        using var headerStream = new MemoryStream();
        using (var json = new Utf8JsonWriter(headerStream))
        {
            json.WriteStartObject();
            if (_metadata.Count > 0)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in _metadata.OrderBy(m => m.Key, StringComparer.Ordinal)) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, dtype, shape, data) in _tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype.ToString());
                json.WriteStartArray("shape");
                foreach (var dim in shape) json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += data.Length;
            }
            json.WriteEndObject();
        }
        // Pad the header with spaces so the data starts 8-byte aligned, as the reference implementation does.
        var header = headerStream.ToArray();
        var paddedLength = (header.Length + 7) / 8 * 8;
        var bytes = new byte[8 + paddedLength + _tensors.Sum(t => (long)t.Data.Length)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)paddedLength);
        header.CopyTo(bytes, 8);
        bytes.AsSpan(8 + header.Length, paddedLength - header.Length).Fill((byte)' ');
        var position = 8 + paddedLength;
        foreach (var tensor in _tensors)
        {
            tensor.Data.CopyTo(bytes, position);
            position += tensor.Data.Length;
        }
        return bytes;
    }

    /// <summary>Writes the file atomically (temporary file, then rename).</summary>
    public void Save(string path) => AtomicFile.WriteAllBytes(path, ToBytes());
}
