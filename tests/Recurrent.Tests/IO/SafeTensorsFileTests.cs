using System.Buffers.Binary;
using System.Text;
using Recurrent.IO;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.IO;

public class SafeTensorsFileTests
{
    private static byte[] Sample() => new SafeTensorsWriter()
        .AddMetadata("note", "hello")
        .AddFloat32<float>("weight", [1f, 2f, 3f, 4f, 5f, 6f], 2, 3)
        .AddInt32("ids", [7, -8], 2)
        .AddUInt64("state", [ulong.MaxValue, 1], 2)
        .ToBytes();

    private static byte[] WithHeader(string header, int dataBytes = 0)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    [Fact]
    public void RoundTripKeepsNamesShapesValuesAndMetadata()
    {
        var file = SafeTensorsFile.Parse(Sample(), "sample");
        Assert.Equal("hello", file.Metadata["note"]);
        Assert.Equal([2, 3], file["weight"].Shape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], file["weight"].ToArray<float>());
        Assert.Equal([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], file["weight"].ToArray<double>());
        Assert.Equal([7, -8], file["ids"].ToInt32Array());
        Assert.Equal([ulong.MaxValue, 1UL], file["state"].ToUInt64Array());
        Assert.Equal(["weight", "ids", "state"], file.Tensors.Select(t => t.Name));
    }

    [Fact]
    public void DataStartsEightByteAligned()
    {
        var bytes = Sample();
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes) % 8);
    }

    [Fact]
    public void HalfAndBFloat16AreConverted()
    {
        var header = """{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[4,6]}}""";
        var bytes = WithHeader(header, 6);
        var data = bytes.AsSpan(bytes.Length - 6);
        BinaryPrimitives.WriteHalfLittleEndian(data, (Half)1.5f);
        BinaryPrimitives.WriteHalfLittleEndian(data[2..], (Half)(-2f));
        BinaryPrimitives.WriteUInt16LittleEndian(data[4..], (ushort)(BitConverter.SingleToInt32Bits(3.25f) >> 16));
        var file = SafeTensorsFile.Parse(bytes, "halves");
        Assert.Equal([1.5f, -2f], file["h"].ToArray<float>());
        Assert.Equal([3.25f], file["b"].ToArray<float>());
    }

    public static TheoryData<string, byte[], string> Malformed() => new()
    {
        { "too short", [1, 2, 3], "not a safetensors file" },
        { "header longer than file", WithHeader("{}")[..9], "truncated" },
        { "not json", WithHeader("{not json}"), "not valid JSON" },
        { "not an object", WithHeader("[1, 2]"), "not a JSON object" },
        { "unknown dtype", WithHeader("""{"a":{"dtype":"Q7","shape":[1],"data_offsets":[0,1]}}""", 1), "unsupported dtype 'Q7'" },
        { "numeric dtype", WithHeader("""{"a":{"dtype":"1","shape":[1],"data_offsets":[0,1]}}""", 1), "unsupported dtype" },
        { "missing fields", WithHeader("""{"a":{"dtype":"F32"}}"""), "needs dtype, shape and two data_offsets" },
        { "negative dim", WithHeader("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4), "invalid shape" },
        { "data past the end", WithHeader("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4), "truncated" },
        { "size mismatch", WithHeader("""{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8), "need 12" },
        { "overlap", WithHeader("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}""", 8), "overlap" },
        { "metadata not strings", WithHeader("""{"__metadata__":{"a":1}}"""), "is not a string" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedFilesGiveAClearError(string name, byte[] bytes, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(bytes, name));
        Assert.Contains(expected, error.Message);
        Assert.StartsWith(name + ":", error.Message);
    }

    [Fact]
    public void EveryTruncationOfAValidFileIsRejectedCleanly()
    {
        var bytes = Sample();
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(prefix, "cut"));
        }
    }

    [Fact]
    public void MissingTensorIsNamed()
    {
        var file = SafeTensorsFile.Parse(Sample(), "sample");
        var error = Assert.Throws<InvalidDataException>(() => file["bias"]);
        Assert.Contains("'bias' is missing", error.Message);
    }

    [Fact]
    public void MissingFileIsAClearError()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".safetensors");
        var error = Assert.Throws<FileNotFoundException>(() => SafeTensorsFile.Read(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void SaveReplacesAtomicallyAndLeavesNoTemporaryFile()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.PathOf("m.safetensors");
        File.WriteAllText(path, "old");
        new SafeTensorsWriter().AddFloat32<float>("x", [1f], 1).Save(path);
        Assert.Equal([1f], SafeTensorsFile.Read(path)["x"].ToArray<float>());
        Assert.Single(Directory.GetFiles(directory.FullName));
    }
}
