using System.Runtime.Versioning;
using Recurrent.Cli;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Cli;

/// <summary>
/// <see cref="DebianPackages"/> against a stand-in apt-get: a shell script that logs each call and, like apt-get on a
/// machine whose package lists were never fetched, cannot locate any package until <c>update</c> has run.
/// </summary>
[UnsupportedOSPlatform("windows")] // apt-get and its stand-in are Unix programs
public sealed class DebianPackagesTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>Writes the stand-in; <paramref name="updateFails"/> makes <c>update</c> fail too (no network).</summary>
    private string FakeAptGet(bool updateFails = false)
    {
        var path = _directory.PathOf("apt-get");
        var log = _directory.PathOf("calls");
        var lists = _directory.PathOf("lists");
        var update = updateFails ? "echo 'E: could not reach the mirror' >&2; exit 100" : $"touch '{lists}'; exit 0";
        File.WriteAllText(path, $"""
            #!/bin/sh
            echo "$*" >> '{log}'
            if [ "$1" = update ]; then {update}; fi
            if [ -e '{lists}' ]; then exit 0; fi
            echo "E: Unable to locate package $4" >&2
            exit 100
            """.Replace("\r\n", "\n"));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private string[] Calls() => File.ReadAllLines(_directory.PathOf("calls"));

    [Fact]
    public void EmptyPackageListsAreFetchedOnceAndTheInstallRetried()
    {
        DebianPackages.Install("fortunes", FakeAptGet());
        Assert.Equal(["install -y -q fortunes", "update -q", "install -y -q fortunes"], Calls());
    }

    [Fact]
    public void AnInstallThatWorksAtOnceDoesNotUpdate()
    {
        var aptGet = FakeAptGet();
        File.WriteAllText(_directory.PathOf("lists"), "");
        DebianPackages.Install("espeak-ng", aptGet);
        Assert.Equal(["install -y -q espeak-ng"], Calls());
    }

    [Fact]
    public void AFailedUpdateIsReportedWithAptGetsMessage()
    {
        var error = Assert.Throws<RecurrentException>(() => DebianPackages.Install("flite", FakeAptGet(updateFails: true)));
        Assert.Contains("update -q failed (exit 100): E: could not reach the mirror", error.Message);
        Assert.Equal(["install -y -q flite", "update -q"], Calls());
    }

    [Fact]
    public void AMissingAptGetIsAClearError()
    {
        var missing = _directory.PathOf("no-apt-get");
        var error = Assert.Throws<RecurrentException>(() => DebianPackages.Install("fortunes", missing));
        Assert.StartsWith($"could not start {missing}", error.Message);
    }
}
