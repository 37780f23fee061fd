using Recurrent.Audio;
using Recurrent.Tests.Support;

namespace Recurrent.Tests.Audio;

/// <summary>The torchaudio reference values written by tools/reference/fixtures_audio.py.</summary>
public static class AudioFixture
{
    /// <summary>
    /// The bar is 1e-4. torchaudio ran in double on the same float32 waveform, and both results are rounded
    /// to float32 (relative 6e-8), so the true gap is far smaller; 1e-4 relative plus 1e-4 absolute (for
    /// near-zero MFCCs) is the bar itself.
    /// </summary>
    public const double Tolerance = 1e-4;

    public static float[] Waveform => Fixtures.Load("audio/features.safetensors")["waveform"].ToArray<float>();

    public static float[] Expected(string name) => Fixtures.Load("audio/features.safetensors")[name + ".output"].ToArray<float>();

    /// <summary>Mel spectrogram (T, M) of a whole clip, as torchaudio.transforms.MelSpectrogram.</summary>
    public static double[] MelSpectrogram(float[] samples, int melCount, bool center, double minFrequency = 0, double maxFrequency = 8000)
    {
        var spectrogram = new Spectrogram(400, 400, 160, center);
        var power = spectrogram.Compute(samples);
        var mel = new MelFilterbank(spectrogram.BinCount, 16000, melCount, minFrequency, maxFrequency);
        var frames = power.Length / spectrogram.BinCount;
        var result = new double[frames * melCount];
        for (var t = 0; t < frames; t++)
            mel.Apply(power.AsSpan(t * spectrogram.BinCount, spectrogram.BinCount), result.AsSpan(t * melCount, melCount));
        return result;
    }
}
