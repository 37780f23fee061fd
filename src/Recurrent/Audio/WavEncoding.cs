namespace Recurrent.Audio;

/// <summary>Sample encodings <see cref="WavFile"/> reads and writes.</summary>
public enum WavEncoding
{
    /// <summary>8-bit unsigned PCM (offset 128), as the WAV format defines it.</summary>
    Pcm8,
    Pcm16,
    Pcm24,
    Pcm32,
    /// <summary>32-bit IEEE float (format tag 3).</summary>
    Float32,
}
