"""PyTorch reference values for Recurrent.Losses, written to Fixtures/losses/.

Inputs are drawn as float32 (so C# float and double read the same numbers) and stored as F32; losses and
gradients are computed by torch in float64 from those inputs and stored as F64, so the fixtures carry no float32
rounding of their own. Gradients are d(loss)/d(input) for an upstream gradient of 1. Integer targets are I64.
"""
import os

import torch
import torch.nn.functional as F

from safetensors_io import save_file


def _grad(fn, x):
    x = x.detach().to(torch.float64).requires_grad_(True)
    loss = fn(x)
    loss.backward()
    return loss.detach(), x.grad.detach()


def _cross_entropy(gen):
    out = {}
    cases = {
        # 6 rows over 5 classes; rows 2 and 4 carry the default ignore index.
        "basic": (torch.randn(6, 5, generator=gen), torch.tensor([1, 4, -100, 0, -100, 3]), -100),
        # Logits of ±1000 overflow exp() unless the row max is subtracted.
        "large": (torch.tensor([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0], [0.0, 0.0, -1000.0]]),
                  torch.tensor([1, 2, 0]), -100),
        # A non-default ignore index that is also a valid class number.
        "ignore_one": (torch.randn(4, 3, generator=gen), torch.tensor([0, 1, 2, 1]), 1),
    }
    for name, (logits, targets, ignore) in cases.items():
        out[f"{name}.logits"] = logits.float()
        out[f"{name}.targets"] = targets.long()
        out[f"{name}.ignore_index"] = torch.tensor([ignore], dtype=torch.int64)
        for reduction in ("mean", "sum"):
            loss, grad = _grad(lambda x: F.cross_entropy(x, targets, ignore_index=ignore, reduction=reduction),
                               logits.float())
            out[f"{name}.{reduction}.loss"] = loss.reshape(1)
            out[f"{name}.{reduction}.grad"] = grad
    return out


def _bce_with_logits(gen):
    logits = torch.randn(12, generator=gen) * 3
    logits[0], logits[1] = 1000.0, -1000.0
    targets = (torch.rand(12, generator=gen) > 0.5).float()
    targets[2], targets[3] = 0.25, 0.75  # soft labels
    out = {"logits": logits.float(), "targets": targets.float()}
    for pos_weight in (1.0, 3.0):
        for reduction in ("mean", "sum"):
            pw = torch.tensor([pos_weight], dtype=torch.float64)
            loss, grad = _grad(lambda x: F.binary_cross_entropy_with_logits(
                x, targets.double(), pos_weight=pw, reduction=reduction), logits.float())
            key = f"pw{pos_weight:g}.{reduction}"
            out[f"{key}.loss"] = loss.reshape(1)
            out[f"{key}.grad"] = grad
    return out


def _mse(gen):
    predictions = torch.randn(3, 4, generator=gen)
    targets = torch.randn(3, 4, generator=gen)
    out = {"predictions": predictions.float(), "targets": targets.float()}
    for reduction in ("mean", "sum"):
        loss, grad = _grad(lambda x: F.mse_loss(x, targets.double(), reduction=reduction), predictions.float())
        out[f"{reduction}.loss"] = loss.reshape(1)
        out[f"{reduction}.grad"] = grad
    return out


def generate(out_dir):
    folder = os.path.join(out_dir, "losses")
    os.makedirs(folder, exist_ok=True)
    gen = torch.Generator().manual_seed(1234)
    save_file(_cross_entropy(gen), os.path.join(folder, "cross_entropy.safetensors"))
    save_file(_bce_with_logits(gen), os.path.join(folder, "bce_with_logits.safetensors"))
    save_file(_mse(gen), os.path.join(folder, "mse.safetensors"))
