using Recurrent.IO;

namespace Recurrent.Tests.Support;

/// <summary>PyTorch reference files written by tools/reference/make_fixtures.py and committed to the repo.</summary>
public static class Fixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    public static SafeTensorsFile Load(string fileName) => SafeTensorsFile.Read(PathOf(fileName));
}
