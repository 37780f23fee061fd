using System.CommandLine;
using System.Globalization;
using Recurrent.Audio;
using Recurrent.Tensors;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn wake synth --word TEXT --out DIR</c>: speaks the text with espeak-ng over many accents, voice variants,
/// speeds and pitches, or with flite's voices (built from recordings of four real speakers, so closer to human
/// speech than espeak-ng's formant synthesis), or with both in turn; writes each clip as a 16-bit WAV at the model
/// rate. Synthetic speech helps a start; real recordings are what a detector is judged on.
/// </summary>
public static class WakeSynthCommand
{
    /// <summary>The speech synthesizers <c>--engine</c> accepts; <c>all</c> uses each in turn, clip by clip.</summary>
    internal static readonly string[] Engines = ["espeak-ng", "flite", "all"];

    /// <summary>
    /// flite's English voices with the range of mean pitch (Hz) drawn for each: kal16 (US male, diphones), awb
    /// (Scottish male), rms (US male; it ignores the pitch setting) and slt (US female), the last three clustergen
    /// voices trained on CMU ARCTIC recordings. The ranges span low to high adult voices of each sex.
    /// </summary>
    internal static readonly (string Voice, int MinF0, int MaxF0)[] FliteVoices =
        [("kal16", 85, 155), ("awb", 85, 155), ("rms", 85, 155), ("slt", 150, 250)];

    /// <summary>English accents espeak-ng ships.</summary>
    private static readonly string[] Accents = ["en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-gb-x-gbclan"];

    /// <summary>espeak-ng's male and female voice variants.</summary>
    private static readonly string[] Variants = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4"];

    public static Command Create(CliContext context)
    {
        var words = new Option<string[]>("--word") { Description = "Text to speak; repeat for several phrases (used in turn).", Required = true, AllowMultipleArgumentsPerToken = false };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the WAV clips.", Required = true };
        var count = new Option<int>("--count") { Description = "Number of clips.", DefaultValueFactory = _ => 100 };
        var rate = new Option<int>("--rate") { Description = "Sample rate of the clips.", DefaultValueFactory = _ => 16000 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed for voices, speeds and pitches.", DefaultValueFactory = _ => 1 };
        var install = new Option<bool>("--install") { Description = "Install the synthesizer with apt-get if it is missing." };
        var engine = new Option<string>("--engine") { Description = "espeak-ng, flite, or all (each in turn, clip by clip).", DefaultValueFactory = _ => "espeak-ng" };
        var command = new Command("synth", "Make wake-word (or other-speech) clips with espeak-ng or flite over many voices, speeds and pitches.")
        {
            words, output, count, rate, seed, install, engine,
        };
        command.SetAction(parse => Execute(context, parse.GetValue(words)!, parse.GetValue(output)!.FullName, parse.GetValue(count),
            parse.GetValue(rate), parse.GetValue(seed), parse.GetValue(install), parse.GetValue(engine)!));
        return command;
    }

    private static int Execute(CliContext context, string[] words, string outputDirectory, int count, int rate, ulong seed, bool install, string engine)
    {
        if (words.Length == 0 || words.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("--word needs non-empty text.");
        if (count <= 0) throw new ArgumentException("--count must be positive.");
        if (rate is < 1000 or > 384000) throw new ArgumentException($"--rate {rate} is outside 1000 to 384000 Hz.");
        if (!Engines.Contains(engine)) throw new ArgumentException($"--engine must be one of {string.Join(", ", Engines)}; got '{engine}'.");
        string[] programs = engine == "all" ? ["espeak-ng", "flite"] : [engine];
        foreach (var program in programs) EnsureInstalled(program, install, context);
        Directory.CreateDirectory(outputDirectory);
        var rng = new Rng(seed);
        var temporary = Path.Combine(Path.GetTempPath(), $"rnn-synth-{Environment.ProcessId}.wav");
        try
        {
            for (var i = 0; i < count; i++)
            {
                var word = words[i % words.Length];
                var program = programs[i % programs.Length];
                ExternalProgram.RunOrThrow(program, program == "flite" ? FliteArguments(word, temporary, rng) : EspeakArguments(word, temporary, rng));
                var clip = WavFile.Read(temporary, rate);
                WavFile.Write(Path.Combine(outputDirectory, $"{Slug(word)}_{i:D4}.wav"), clip);
            }
        }
        finally
        {
            File.Delete(temporary);
        }
        context.Output.WriteLine($"wrote {count} clips of {string.Join(" / ", words.Select(w => $"\"{w}\""))} to {outputDirectory}");
        return 0;
    }

    /// <summary>A random accent and voice variant, 120–200 words per minute (slow to brisk speech), pitch 20–80 of espeak-ng's 0–99 (50 normal).</summary>
    private static string[] EspeakArguments(string word, string path, Rng rng)
    {
        var voice = $"{Accents[rng.NextInt(Accents.Length)]}+{Variants[rng.NextInt(Variants.Length)]}";
        var speed = 120 + rng.NextInt(81);
        var pitch = 20 + rng.NextInt(61);
        return ["-v", voice, "-s", Invariant(speed), "-p", Invariant(pitch), "-w", path, word];
    }

    /// <summary>A random flite voice, its mean pitch drawn from the voice's range, and durations stretched by 0.8–1.25 (brisk to slow).</summary>
    internal static string[] FliteArguments(string word, string path, Rng rng)
    {
        var (voice, minF0, maxF0) = FliteVoices[rng.NextInt(FliteVoices.Length)];
        var f0 = minF0 + rng.NextInt(maxF0 - minF0 + 1);
        var stretch = 0.8 + 0.45 * rng.NextDouble();
        return ["-voice", voice, "--setf", $"int_f0_target_mean={Invariant(f0)}", "--setf", $"duration_stretch={stretch.ToString("F3", CultureInfo.InvariantCulture)}",
            "-t", word, "-o", path];
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void EnsureInstalled(string program, bool install, CliContext context)
    {
        if (Found(program)) return;
        if (!install) throw new RecurrentException($"{program} is not installed; install it (apt-get install -y {program}) or pass --install.");
        context.Output.WriteLine($"installing {program} with apt-get ...");
        DebianPackages.Install(program);
    }

    private static bool Found(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, program)));

    /// <summary>A file-name-safe form of the text: letters and digits, words joined by '_'.</summary>
    private static string Slug(string text) =>
        string.Join('_', text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => new string(w.Where(char.IsLetterOrDigit).ToArray())).Where(w => w.Length > 0)) is { Length: > 0 } s ? s.ToLowerInvariant() : "clip";
}
