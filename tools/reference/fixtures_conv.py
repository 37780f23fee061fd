"""PyTorch reference values for Recurrent.Layers.Conv1d, written to Fixtures/conv/conv1d.safetensors.

Recurrent's Conv1d is causal and time-major: (T, B, I) in, (T, B, O) out, output t seeing inputs t-K+1 .. t. That
is torch.nn.Conv1d(I, O, K, padding=K-1) on the (B, I, T) transpose, keeping the first T outputs. Weights, inputs
and upstream gradients are float32 (stored as F32, exactly the values used); the reference runs in float64 and
outputs and gradients (d/d input, weight, bias of sum(output * grad_output)) are stored as F64.
"""
import os

import torch

from safetensors_io import save_file

CASES = {
    # name: (T, B, I, O, K)
    "k3": (5, 2, 3, 4, 3),
    "k1": (4, 3, 2, 3, 1),
    "kernel_longer_than_sequence": (3, 2, 2, 2, 5),
}


def generate(out_dir):
    torch.manual_seed(11)
    out = {}
    for name, (steps, batch, inputs, outputs, kernel) in CASES.items():
        conv = torch.nn.Conv1d(inputs, outputs, kernel, padding=kernel - 1)
        x = torch.randn(steps, batch, inputs)
        grad_output = torch.randn(steps, batch, outputs)
        out[f"{name}.weight"] = conv.weight.detach().clone()
        out[f"{name}.bias"] = conv.bias.detach().clone()
        out[f"{name}.input"] = x
        out[f"{name}.grad_output"] = grad_output
        conv = conv.double()
        xd = x.double().requires_grad_(True)
        y = conv(xd.permute(1, 2, 0))[:, :, :steps].permute(2, 0, 1)  # (B, O, T + K - 1) -> first T -> (T, B, O)
        (y * grad_output.double()).sum().backward()
        out[f"{name}.output"] = y.detach()
        out[f"{name}.grad_input"] = xd.grad
        out[f"{name}.grad_weight"] = conv.weight.grad
        out[f"{name}.grad_bias"] = conv.bias.grad
    os.makedirs(os.path.join(out_dir, "conv"), exist_ok=True)
    save_file(out, os.path.join(out_dir, "conv", "conv1d.safetensors"))
