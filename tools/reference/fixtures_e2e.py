"""End-to-end training parity fixtures: a tiny character model trained for 10 Adam steps.

Run through the driver:  /usr/bin/python3 tools/reference/make_fixtures.py fixtures_e2e
(PyTorch 1.13, Debian python3-torch; torch.set_num_threads(1); torch.manual_seed(SEED) before model init).

Model (time-major, no padding):
    nn.Embedding(V=11, E=5) -> nn.LSTM(5, H=6, num_layers=2, dropout 0) -> nn.Linear(6, 11) at every step.
The LSTM starts from zero h0/c0 at every step (no state carried between batches).

Each of the 10 training steps k uses its own batch inputs[k] (T=7, B=3) / targets[k] (T=7, B=3):
    optimizer.zero_grad()
    logits = model(inputs[k])                                       # (T, B, V)
    loss = CrossEntropyLoss(reduction="mean")(logits.reshape(T*B, V), targets[k].reshape(T*B))
    loss.backward()
    total_norm = clip_grad_norm_(model.parameters(), max_norm=0.5)  # L2 norm over ALL parameter grads
    optimizer.step()                                                # torch.optim.Adam(lr=0.01)
PyTorch 1.13 details that an implementation must mirror:
  * clip_grad_norm_: total_norm = ||(||g_1||, ..., ||g_n||)||_2 (computed BEFORE clipping);
    coef = max_norm / (total_norm + 1e-6); the grads are multiplied by min(coef, 1).
  * Adam (betas (0.9, 0.999), eps 1e-8, no weight decay, not amsgrad), step t starting at 1:
    m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g*g;
    p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)       (eps added AFTER the bias correction)

Files:
  e2e/char_lstm_adam.safetensors      — the run in float32 (a real float training run)
  e2e/char_lstm_adam_f64.safetensors  — the same seed / data / initial values, but model.double() before the
                                        optimizer is built, so the whole run is in float64 (separates float
                                        rounding drift from logic bugs).
  e2e/char_lstm_adam_clip025.safetensors — float32 again, but max_norm = 0.25. With max_norm 0.5 the
                                        total grad norm on this data stays at ~0.18-0.31, so clipping never
                                        triggers in the two files above (the multiply by min(coef, 1) = 1 is a
                                        no-op); here some steps are clipped and some are not.
Tensors in each file:
  <name>          initial parameters under state-dict names: embedding.weight (11, 5), rnn.weight_ih_l0 (24, 5),
                  rnn.weight_hh_l0 (24, 6), rnn.bias_ih_l0 (24), rnn.bias_hh_l0 (24), rnn.weight_ih_l1 (24, 6),
                  rnn.weight_hh_l1 (24, 6), rnn.bias_ih_l1 (24), rnn.bias_hh_l1 (24), head.weight (11, 6),
                  head.bias (11). F32 in the float32 file, F64 (exactly the same float32 values) in the f64 file.
  final.<name>    the parameters after the 10 steps (same dtype as the initial ones).
  inputs          int32 (10, 7, 3) token ids in [0, 11), time-major per step.
  targets         int32 (10, 7, 3) class ids in [0, 11) (random; not tied to the inputs).
  losses          float64 (10,) loss of step k, computed before that step's update.
  grad_norms      float64 (10,) total norm returned by clip_grad_norm_ at step k (before clipping).
Metadata "config": JSON with lr, max_norm, betas, eps, steps, seq_len, batch, vocab_size, embedding_size,
hidden_size, num_layers, dtype, seed. Parameter order does not matter: everything is stored by name.
"""
import json
import os

import torch
from torch import nn

from safetensors_io import save_file

SEED = 3001
V, E, H, LAYERS = 11, 5, 6, 2
T, B, STEPS = 7, 3, 10
LR, MAX_NORM, BETAS, EPS = 0.01, 0.5, (0.9, 0.999), 1e-8
CLIP_MAX_NORM = 0.25  # third variant, see generate()


class CharLSTM(nn.Module):
    """Embedding -> 2-layer LSTM (zero initial state) -> Linear head at every step; input (T, B) int64."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(V, E)
        self.rnn = nn.LSTM(E, H, num_layers=LAYERS)
        self.head = nn.Linear(H, V)

    def forward(self, x):
        out, _ = self.rnn(self.embedding(x))  # h0 = c0 = 0
        return self.head(out)


def _run(dtype, max_norm=MAX_NORM):
    torch.manual_seed(SEED)
    model = CharLSTM()  # float32 default init
    inputs = torch.randint(0, V, (STEPS, T, B), dtype=torch.int64)
    targets = torch.randint(0, V, (STEPS, T, B), dtype=torch.int64)
    if dtype == torch.float64:
        model = model.double()
    initial = {k: v.detach().clone() for k, v in model.state_dict().items()}

    optimizer = torch.optim.Adam(model.parameters(), lr=LR, betas=BETAS, eps=EPS)
    criterion = nn.CrossEntropyLoss()
    losses, norms = [], []
    for k in range(STEPS):
        optimizer.zero_grad()
        logits = model(inputs[k])
        loss = criterion(logits.reshape(T * B, V), targets[k].reshape(T * B))
        loss.backward()
        total_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=max_norm)
        optimizer.step()
        losses.append(loss.item())
        norms.append(float(total_norm))

    tensors = dict(initial)
    tensors["inputs"] = inputs.to(torch.int32)
    tensors["targets"] = targets.to(torch.int32)
    tensors["losses"] = torch.tensor(losses, dtype=torch.float64)
    tensors["grad_norms"] = torch.tensor(norms, dtype=torch.float64)
    for name, value in model.state_dict().items():
        tensors["final." + name] = value.detach().clone()
    config = {"lr": LR, "max_norm": max_norm, "betas": list(BETAS), "eps": EPS, "steps": STEPS, "seq_len": T,
              "batch": B, "vocab_size": V, "embedding_size": E, "hidden_size": H, "num_layers": LAYERS,
              "dtype": "float64" if dtype == torch.float64 else "float32", "seed": SEED}
    return tensors, {"config": json.dumps(config)}


def generate(out_dir):
    torch.set_num_threads(1)
    e2e_dir = os.path.join(out_dir, "e2e")
    os.makedirs(e2e_dir, exist_ok=True)
    t32, m32 = _run(torch.float32)
    t64, m64 = _run(torch.float64)
    # Same data and the same starting point in both variants.
    assert torch.equal(t32["inputs"], t64["inputs"]) and torch.equal(t32["targets"], t64["targets"])
    for name in ("embedding.weight", "rnn.weight_ih_l0", "head.bias"):
        assert torch.equal(t32[name].double(), t64[name])
    save_file(t32, os.path.join(e2e_dir, "char_lstm_adam.safetensors"), m32)
    save_file(t64, os.path.join(e2e_dir, "char_lstm_adam_f64.safetensors"), m64)
    # With max_norm 0.5 the clip is never active (total norms stay ~0.18-0.31 on this data), so a third run
    # with max_norm 0.25 exercises both branches: some steps are clipped, others are not.
    tc, mc = _run(torch.float32, max_norm=CLIP_MAX_NORM)
    norms = tc["grad_norms"].tolist()
    assert any(n > CLIP_MAX_NORM for n in norms) and any(n < CLIP_MAX_NORM for n in norms)
    save_file(tc, os.path.join(e2e_dir, "char_lstm_adam_clip025.safetensors"), mc)
