namespace Recurrent.Tests.Support;

/// <summary>A fresh directory for one test class instance, deleted with everything in it on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("recurrent-tests-");

    public string FullName => _directory.FullName;

    public string PathOf(string fileName) => Path.Combine(_directory.FullName, fileName);

    public void Dispose() => _directory.Delete(recursive: true);
}
