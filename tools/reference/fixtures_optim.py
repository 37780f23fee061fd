"""PyTorch reference values for Recurrent.Optim, written to Fixtures/optim/.

Optimizers: one file per optimizer. "params0" (7) and "grads" (5, 7) are shared by every case; "<case>.expected"
(5, 7) holds the parameters after each of the 5 steps. Each case's settings are in the file's metadata and are
repeated in the C# test. Inputs are float32-representable and stored as F32; torch runs the single-tensor CPU
path (foreach=False) in float64 and the results are stored as F64.

Clipping ("clipping.safetensors") and schedules ("schedules.safetensors") follow the same rule.
"""
import json
import os

import torch

from safetensors_io import save_file

OPTIMIZERS = {
    "sgd": (torch.optim.SGD, {
        "plain": dict(lr=0.1),
        "momentum": dict(lr=0.1, momentum=0.9),
        "dampening": dict(lr=0.1, momentum=0.9, dampening=0.3),
        "nesterov": dict(lr=0.1, momentum=0.9, nesterov=True),
        "weight_decay": dict(lr=0.1, momentum=0.9, weight_decay=0.1),
    }),
    "adam": (torch.optim.Adam, {
        "default": dict(lr=0.01),
        "weight_decay": dict(lr=0.01, weight_decay=0.1),
        "betas_eps": dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6),
    }),
    "adamw": (torch.optim.AdamW, {
        "default": dict(lr=0.01),
        "weight_decay": dict(lr=0.01, weight_decay=0.1),
    }),
    "rmsprop": (torch.optim.RMSprop, {
        "default": dict(lr=0.01),
        "momentum": dict(lr=0.01, momentum=0.9),
        "centered": dict(lr=0.01, centered=True),
        "centered_momentum_decay": dict(lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.1),
    }),
    "adagrad": (torch.optim.Adagrad, {
        "default": dict(lr=0.1),
        "decay_accumulator": dict(lr=0.1, lr_decay=0.1, weight_decay=0.1, initial_accumulator_value=0.5),
    }),
}


def _inputs(gen):
    params0 = torch.randn(7, generator=gen)
    grads = torch.randn(5, 7, generator=gen)
    grads[:, 6] = 0.0  # a parameter that never gets a gradient exercises the eps terms
    grads[2, 0] = 0.0
    return params0.float(), grads.float()


def _optimizers(folder, gen):
    params0, grads = _inputs(gen)
    for name, (cls, cases) in OPTIMIZERS.items():
        out = {"params0": params0, "grads": grads}
        for case, kwargs in cases.items():
            p = torch.nn.Parameter(params0.double().clone())
            opt = cls([p], foreach=False, **kwargs)
            trajectory = []
            for k in range(grads.shape[0]):
                p.grad = grads[k].double().clone()
                opt.step()
                trajectory.append(p.detach().clone())
            out[f"{case}.expected"] = torch.stack(trajectory)
        metadata = {case: json.dumps(kwargs) for case, kwargs in cases.items()}
        save_file(out, os.path.join(folder, f"{name}.safetensors"), metadata)


def _clipping(folder, gen):
    # Three "parameters" of different sizes, as clip_grad_norm_ sees them; the C# side sees them concatenated.
    parts = [torch.randn(4, generator=gen), torch.randn(2, 3, generator=gen), torch.randn(3, generator=gen)]
    flat = torch.cat([t.reshape(-1) for t in parts]).float()
    out = {"grads": flat}
    for max_norm in (1.0, 100.0):
        params = [torch.nn.Parameter(torch.zeros_like(t, dtype=torch.float64)) for t in parts]
        for p, t in zip(params, parts):
            p.grad = t.float().double().clone()
        norm = torch.nn.utils.clip_grad_norm_(params, max_norm)
        out[f"norm{max_norm:g}.total_norm"] = norm.reshape(1)
        out[f"norm{max_norm:g}.clipped"] = torch.cat([p.grad.reshape(-1) for p in params])
    params = [torch.nn.Parameter(torch.zeros_like(t, dtype=torch.float64)) for t in parts]
    for p, t in zip(params, parts):
        p.grad = t.float().double().clone()
    torch.nn.utils.clip_grad_value_(params, 0.5)
    out["value0.5.clipped"] = torch.cat([p.grad.reshape(-1) for p in params])
    save_file(out, os.path.join(folder, "clipping.safetensors"))


def _schedules(folder):
    base = 0.1
    steps = 10
    schedulers = {
        "step_3_0.5": lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5),
        "exp_0.9": lambda opt: torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9),
        "constant": lambda opt: torch.optim.lr_scheduler.LambdaLR(opt, lambda _: 1.0),
    }
    out = {}
    for name, make in schedulers.items():
        p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
        opt = torch.optim.SGD([p], lr=base)
        scheduler = make(opt)
        rates = []
        for _ in range(steps):
            rates.append(opt.param_groups[0]["lr"])  # the rate the optimizer step at this index uses
            opt.step()
            scheduler.step()
        out[name] = torch.tensor(rates, dtype=torch.float64)
    save_file(out, os.path.join(folder, "schedules.safetensors"), {"base_lr": str(base)})


def generate(out_dir):
    folder = os.path.join(out_dir, "optim")
    os.makedirs(folder, exist_ok=True)
    gen = torch.Generator().manual_seed(4321)
    _optimizers(folder, gen)
    _clipping(folder, gen)
    _schedules(folder)
