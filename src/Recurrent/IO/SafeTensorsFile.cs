using System.Text.Json;

namespace Recurrent.IO;

/// <summary>
/// Reads the safetensors format: an 8-byte little-endian header length, a JSON header mapping tensor names to
/// dtype, shape and byte offsets (plus an optional string-to-string <c>__metadata__</c>), then the raw data.
/// </summary>
/// <remarks>
/// Every structural fault is an <see cref="InvalidDataException"/> naming the file and the fault: files come from
/// users and from PyTorch, so a bad one must never crash, hang or load as garbage.
/// </remarks>
public sealed class SafeTensorsFile
{
    /// <summary>Headers beyond this are refused; PyTorch writes a few kilobytes even for large models.</summary>
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    private readonly Dictionary<string, SafeTensor> _tensors;

    private SafeTensorsFile(string source, Dictionary<string, string> metadata, Dictionary<string, SafeTensor> tensors)
    {
        Source = source;
        Metadata = metadata;
        _tensors = tensors;
    }

    /// <summary>Where the file came from, for error messages.</summary>
    public string Source { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Tensors in file order (ascending data offset).</summary>
    public IEnumerable<SafeTensor> Tensors => _tensors.Values;

    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <summary>The named tensor; a missing one is an error naming it and the file.</summary>
    public SafeTensor this[string name] =>
        _tensors.TryGetValue(name, out var tensor)
            ? tensor
            : throw new InvalidDataException($"{Source}: tensor '{name}' is missing.");

    public SafeTensor? Find(string name) => _tensors.GetValueOrDefault(name);

    public static SafeTensorsFile Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new FileNotFoundException($"{path}: no such file.", path);
        }
        catch (DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{path}: no such file.", path);
        }
        return Parse(bytes, path);
    }

    public static SafeTensorsFile Parse(byte[] bytes, string source)
    {
        if (bytes.Length < 8)
            throw new InvalidDataException($"{source}: not a safetensors file (only {bytes.Length} bytes; the header length alone takes 8).");
        var headerLength = BitConverter.ToUInt64(bytes, 0);
        if (headerLength < 2 || headerLength > MaxHeaderBytes || headerLength > (ulong)(bytes.Length - 8))
            throw new InvalidDataException($"{source}: not a safetensors file or truncated (header length {headerLength}, file size {bytes.Length} bytes).");
        var dataStart = 8 + (int)headerLength;
        var data = new ReadOnlyMemory<byte>(bytes, dataStart, bytes.Length - dataStart);

        JsonDocument header;
        try
        {
            header = JsonDocument.Parse(new ReadOnlyMemory<byte>(bytes, 8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: the safetensors header is not valid JSON ({e.Message}).");
        }
        using (header)
        {
            if (header.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{source}: the safetensors header is not a JSON object.");
            var metadata = new Dictionary<string, string>();
            var entries = new List<SafeTensor>();
            var ranges = new List<(long Begin, long End, string Name)>();
            foreach (var property in header.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    ReadMetadata(property.Value, metadata, source);
                    continue;
                }
                var (tensor, begin, end) = ReadEntry(property.Name, property.Value, data, source);
                entries.Add(tensor);
                ranges.Add((begin, end, property.Name));
            }
            ranges.Sort((a, b) => a.Begin.CompareTo(b.Begin));
            for (var i = 1; i < ranges.Count; i++)
            {
                if (ranges[i].Begin < ranges[i - 1].End)
                    throw new InvalidDataException($"{source}: tensors '{ranges[i - 1].Name}' and '{ranges[i].Name}' overlap.");
            }
            var order = ranges.Select((r, i) => (r.Name, i)).ToDictionary(x => x.Name, x => x.i);
            var tensors = entries.OrderBy(t => order[t.Name]).ToDictionary(t => t.Name);
            return new SafeTensorsFile(source, metadata, tensors);
        }
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{source}: __metadata__ must be an object of strings.");
        foreach (var item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"{source}: __metadata__ value '{item.Name}' is not a string.");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static (SafeTensor Tensor, long Begin, long End) ReadEntry(
        string name, JsonElement element, ReadOnlyMemory<byte> data, string source)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !element.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !element.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2)
            throw new InvalidDataException($"{source}: tensor '{name}' needs dtype, shape and two data_offsets.");
        if (!Enum.TryParse<SafeTensorsDType>(dtypeElement.GetString(), ignoreCase: false, out var dtype)
            || !Enum.IsDefined(dtype) || int.TryParse(dtypeElement.GetString(), out _))
            throw new InvalidDataException($"{source}: tensor '{name}' has unsupported dtype '{dtypeElement.GetString()}'.");
        var shape = new int[shapeElement.GetArrayLength()];
        long count = 1;
        var index = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt32(out var size) || size < 0)
                throw new InvalidDataException($"{source}: tensor '{name}' has an invalid shape.");
            shape[index++] = size;
            count *= size;
            if (count > int.MaxValue)
                throw new InvalidDataException($"{source}: tensor '{name}' is too large.");
        }
        var offsets = offsetsElement.EnumerateArray().ToArray();
        if (!offsets[0].TryGetInt64(out var begin) || !offsets[1].TryGetInt64(out var end) || begin < 0 || end < begin)
            throw new InvalidDataException($"{source}: tensor '{name}' has invalid data_offsets.");
        if (end > data.Length)
            throw new InvalidDataException($"{source}: truncated: tensor '{name}' ends at byte {end} of the data, which has only {data.Length} bytes.");
        if (end - begin != count * dtype.Size())
            throw new InvalidDataException(
                $"{source}: tensor '{name}' has {end - begin} bytes, but dtype {dtype} and shape {SafeTensor.FormatShape(shape)} need {count * dtype.Size()}.");
        return (new SafeTensor(name, dtype, shape, data.Slice((int)begin, (int)(end - begin))), begin, end);
    }
}
