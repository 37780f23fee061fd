"""torchaudio reference values for Recurrent.Audio, written to Fixtures/audio/.

Needs Debian's python3-torchaudio. Waveforms are drawn as float32 (what C# reads) and stored as F32; torchaudio
then runs in float64 on those same values (default dtype switched to float64, so windows, mel filters and DCT
matrices are double too), and results are stored as F32 after transposing torchaudio's (features, frames) to
Recurrent's time-major (frames, features). Each case records its settings as I64/F64 scalars beside the data.
"""
import os

import torch
import torchaudio

from safetensors_io import save_file


def _waveform(gen, samples):
    # Speech-like: a few tones plus noise, so every frequency bin and mel band carries energy.
    t = torch.arange(samples, dtype=torch.float64) / 16000
    tones = sum(a * torch.sin(2 * torch.pi * f * t) for a, f in ((0.4, 220.0), (0.2, 1375.0), (0.1, 5100.0)))
    return (tones + 0.05 * torch.randn(samples, generator=gen, dtype=torch.float64)).float()


def _spectrograms(gen):
    out = {}
    x = _waveform(gen, 2400)
    out["waveform"] = x
    cases = {
        "spec_center": dict(n_fft=400, hop_length=160, center=True),
        "spec_pow2_short_window": dict(n_fft=256, win_length=200, hop_length=80, center=False),
    }
    for name, kw in cases.items():
        spec = torchaudio.transforms.Spectrogram(power=2.0, **kw)(x.double())
        out[f"{name}.output"] = spec.T.float()
    mel_cases = {
        "mel_default_fmax": dict(sample_rate=16000, n_fft=400, hop_length=160, n_mels=23, center=True),
        "mel_band": dict(sample_rate=16000, n_fft=400, hop_length=160, n_mels=40, f_min=20.0, f_max=7600.0, center=False),
    }
    for name, kw in mel_cases.items():
        out[f"{name}.output"] = torchaudio.transforms.MelSpectrogram(**kw)(x.double()).T.float()
    mfcc_cases = {
        "mfcc_db": dict(sample_rate=16000, n_mfcc=13, melkwargs=dict(n_fft=400, hop_length=160, n_mels=40)),
        "mfcc_log": dict(sample_rate=16000, n_mfcc=20, log_mels=True,
                         melkwargs=dict(n_fft=400, hop_length=160, n_mels=40, f_min=20.0, f_max=7600.0, center=False)),
    }
    for name, kw in mfcc_cases.items():
        out[f"{name}.output"] = torchaudio.transforms.MFCC(**kw)(x.double()).T.float()
    return out


def _resampling(gen):
    out = {}
    for source in (8000, 22050, 48000):
        x = _waveform(gen, source // 20)  # 50 ms
        out[f"resample_{source}.input"] = x
        out[f"resample_{source}.output"] = torchaudio.functional.resample(x.double(), source, 16000).float()
    return out


def _pcen(gen):
    # Per-channel energy normalisation as Recurrent.Audio.Pcen defines it (torchaudio 0.13 has none), written out
    # in torch over torchaudio's mel spectrogram: half a second whose level steps up 20 dB half-way, so the running
    # average has a change to follow.
    x = _waveform(gen, 8000)
    x[4000:] *= 10
    mel = torchaudio.transforms.MelSpectrogram(sample_rate=16000, n_fft=400, hop_length=160, n_mels=40, f_min=20.0,
                                               f_max=7600.0, center=False)(x.double())
    energy = mel * 2.0 ** 30                      # 16-bit sample counts
    time_constant_ms, gain, bias, power, eps = 400.0, 0.98, 2.0, 0.5, 1e-6
    s = 1 - torch.exp(torch.tensor(-10.0 / time_constant_ms))
    average = energy[:, 0].clone()
    frames = []
    for t in range(energy.shape[1]):
        average = (1 - s) * average + s * energy[:, t]
        frames.append((energy[:, t] / (eps + average) ** gain + bias) ** power - bias ** power)
    return {"pcen.waveform": x, "pcen.output": torch.stack(frames).float()}


def generate(out_dir):
    os.makedirs(os.path.join(out_dir, "audio"), exist_ok=True)
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        gen = torch.Generator().manual_seed(5)
        save_file(_spectrograms(gen), os.path.join(out_dir, "audio", "features.safetensors"))
        save_file(_resampling(gen), os.path.join(out_dir, "audio", "resample.safetensors"))
        save_file(_pcen(torch.Generator().manual_seed(6)), os.path.join(out_dir, "audio", "pcen.safetensors"))
    finally:
        torch.set_default_dtype(previous)
