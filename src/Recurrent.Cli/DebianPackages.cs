namespace Recurrent.Cli;

/// <summary>
/// Installs the Debian packages a command needs (the demo's fortunes, the synthesizers) with apt-get. A fresh machine
/// may have empty package lists, and apt-get then cannot locate any package; so a failed install refreshes the lists
/// once with <c>apt-get update</c> and tries again, rather than updating before every install.
/// </summary>
internal static class DebianPackages
{
    /// <summary>Debian's package tool.</summary>
    public const string AptGet = "/usr/bin/apt-get";

    /// <summary>True when this process could install packages: it runs as root on a machine with apt-get.</summary>
    public static bool CanInstall => Environment.UserName == "root" && File.Exists(AptGet);

    /// <summary>Installs <paramref name="package"/>; fails with apt-get's last error when even the refreshed lists do not get it installed.</summary>
    /// <param name="aptGet">The apt-get to run: <see cref="AptGet"/> but in tests.</param>
    public static void Install(string package, string aptGet = AptGet)
    {
        string[] install = ["install", "-y", "-q", package];
        if (ExternalProgram.Run(aptGet, install).ExitCode == 0) return;
        ExternalProgram.RunOrThrow(aptGet, ["update", "-q"]);
        ExternalProgram.RunOrThrow(aptGet, install);
    }
}
