using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.Audio;
using Recurrent.Wake;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn wake listen MODEL... [--input FILE.wav | -]</c>: streams audio through a wake-word model (or several,
/// averaged as a <see cref="WakeEnsemble"/>) chunk by chunk, carrying features and recurrent state, and prints one
/// line per detection; ends with the processing cost per second of audio.
/// </summary>
public static class WakeListenCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<FileInfo[]>("MODEL")
        {
            Description = "A wake-word model (model.safetensors from 'rnn wake train'), or several that listen together, their logits averaged frame by frame.",
            Arity = ArgumentArity.OneOrMore,
        };
        var input = new Option<string>("--input", "-i")
        {
            Description = "A WAV file, or '-' for raw 16-bit little-endian mono PCM on standard input.",
            DefaultValueFactory = _ => "-",
        };
        var rate = new Option<int?>("--rate") { Description = "Sample rate of raw PCM input (default: the model's rate)." };
        var chunkMs = new Option<double>("--chunk-ms") { Description = "Audio per processing step, in milliseconds.", DefaultValueFactory = _ => 80 };
        var json = new Option<bool>("--json") { Description = "One JSON object per line: detections, then a summary." };
        var trigger = new TriggerOptions();
        var command = new Command("listen", "Detect the wake word in a WAV file or a raw PCM stream, chunk by chunk.") { model, input, rate, chunkMs, json };
        trigger.AddTo(command);
        command.SetAction(parse => Execute(context, [.. parse.GetValue(model)!.Select(f => f.FullName)], parse.GetValue(input)!, parse.GetValue(rate),
            parse.GetValue(chunkMs), trigger.Read(parse), parse.GetValue(json)));
        return command;
    }

    /// <summary>
    /// Audio at 8 kHz or below holds nothing above 4 kHz; a model whose mel bands reach above that and that heard
    /// only full-band audio misses most wake words in it (README, "Outside the benchmark's conditions"), without an
    /// error to say why. A warning, not an error: the audio may still be what the user has. In an ensemble one
    /// member that never heard such audio is enough to pull every frame's mean down.
    /// </summary>
    private static void WarnIfNarrowerThanTraining(CliContext context, string input, int inputRate, WakeEnsemble ensemble)
    {
        var top = ensemble.Features.MaxFrequency ?? ensemble.Features.SampleRate / 2.0;
        if (inputRate > NarrowbandChannel.Rate || top <= inputRate / 2.0) return;
        if (ensemble.Members.All(m => m.Config.TrainedFor?.NarrowbandProbability > 0)) return;
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rnn: warning: {input} is {inputRate} Hz audio, with nothing above {inputRate / 2} Hz, but this model's mel bands reach {top} Hz ") +
            "and it records no training on such audio; expect most wake words to be missed " +
            string.Create(CultureInfo.InvariantCulture, $"(train with 'rnn wake train --max-frequency {inputRate / 2}', or '--narrowband 0.25')."));
    }

    private static int Execute(CliContext context, string[] modelPaths, string input, int? rawRate, double chunkMs, TriggerRule rule, bool json)
    {
        var ensemble = WakeEnsemble.Load(modelPaths);
        var settings = ensemble.Features;
        var chunk = (int)Math.Round(chunkMs / 1000 * settings.SampleRate);
        if (chunk < 1) throw new ArgumentException($"--chunk-ms {chunkMs} is less than one sample.");
        var detector = new WakeDetector(ensemble, rule);
        var detections = 0;

        void Listen(ReadOnlySpan<float> audio)
        {
            var found = detector.Push(audio);
            foreach (var detection in found) Print(context, detection, json);
            detections += found.Count;
        }

        // Process CPU time, not wall time: it counts every thread a kernel may use, and not time spent waiting for audio.
        var process = Process.GetCurrentProcess();
        TimeSpan cpuStart;

        var buffer = new float[chunk];
        if (input == "-")
        {
            if (rawRate is { } r && r != settings.SampleRate)
                throw new ArgumentException($"raw PCM at {r} Hz: this model listens at {settings.SampleRate} Hz; resample before piping (e.g. sox ... -r {settings.SampleRate}).");
            var reader = new RawPcmReader(Console.OpenStandardInput(), "standard input");
            cpuStart = process.TotalProcessorTime;
            int read;
            while ((read = reader.Read(buffer)) > 0) Listen(buffer.AsSpan(0, read));
        }
        else
        {
            // A WAV at another rate is resampled as a whole before streaming; at the model's rate it is streamed as is.
            var clip = WavFile.Read(input);
            WarnIfNarrowerThanTraining(context, input, clip.SampleRate, ensemble);
            var audio = clip.ResampledTo(settings.SampleRate).Samples;
            cpuStart = process.TotalProcessorTime;
            for (var start = 0; start < audio.Length; start += chunk) Listen(audio.AsSpan(start, Math.Min(chunk, audio.Length - start)));
        }

        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        var audioSeconds = (double)detector.SamplesHeard / settings.SampleRate;
        var cost = audioSeconds > 0 ? cpuSeconds / audioSeconds : 0;
        if (json)
        {
            context.Output.WriteLine(new JsonObject
            {
                ["event"] = "summary",
                ["detections"] = detections,
                ["audio_seconds"] = Math.Round(audioSeconds, 3),
                ["cpu_seconds"] = Math.Round(cpuSeconds, 4),
                ["cpu_fraction_of_one_core"] = Math.Round(cost, 5),
            }.ToJsonString());
        }
        else
        {
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{detections} detection(s) in {audioSeconds:F1} s of audio; processing took {1000 * cpuSeconds:F0} ms of CPU, {100 * cost:F2}% of one core ({1000 * cost:F1} ms per second of audio)."));
        }
        return 0;
    }

    private static void Print(CliContext context, Detection detection, bool json) =>
        context.Output.WriteLine(json
            ? new JsonObject { ["event"] = "detection", ["time"] = Math.Round(detection.Seconds, 3), ["score"] = Math.Round(detection.Score, 4) }.ToJsonString()
            : string.Create(CultureInfo.InvariantCulture, $"{detection.Seconds,9:F2} s  score {detection.Score:F3}"));
}
