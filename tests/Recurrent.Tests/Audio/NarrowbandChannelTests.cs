using Recurrent.Audio;
using Recurrent.Tests.Wake;

namespace Recurrent.Tests.Audio;

public class NarrowbandChannelTests
{
    /// <summary>Share of the tone's RMS left in its middle second after the channel (edges hold the filters' start-up).</summary>
    private static double Kept(double frequency, int rate)
    {
        var tone = WakeMixerTests.Tone(frequency, 2, rate);
        var heard = new NarrowbandChannel(rate).Apply(tone);
        Assert.Equal(tone.Length, heard.Length);
        var middle = (rate / 2)..(rate / 2 + rate);
        return WakeMixerTests.Rms(heard[middle]) / WakeMixerTests.Rms(tone[middle]);
    }

    /// <summary>The two resamplers' filters roll off between 3 and 5 kHz (97% of a 3 kHz tone kept, 0.5% of a 5 kHz one).</summary>
    [Theory]
    [InlineData(16000, 1000, 1.0)]
    [InlineData(16000, 2500, 1.0)]
    [InlineData(16000, 5000, 0.0)]
    [InlineData(16000, 7000, 0.0)]
    [InlineData(44100, 2000, 1.0)]
    [InlineData(44100, 5000, 0.0)]
    [InlineData(44100, 15000, 0.0)]
    public void KeepsTheTelephoneBandAndRemovesWhatLiesAboveIt(int rate, double frequency, double kept) =>
        Assert.Equal(kept, Kept(frequency, rate), 0.015);

    [Theory]
    [InlineData(8000)]
    [InlineData(4000)]
    public void AudioAt8KhzOrBelowIsRejected(int rate) =>
        Assert.Contains("needs a rate above 8000 Hz", Assert.Throws<ArgumentException>(() => new NarrowbandChannel(rate)).Message);
}
