"""PyTorch reference fixtures for the recurrent layers (LSTM, GRU, Elman RNN) and for whole sequence models.

Run through the driver:  /usr/bin/python3 tools/reference/make_fixtures.py fixtures_rnn
(PyTorch 1.13, Debian python3-torch). Everything is deterministic: one fixed torch.manual_seed per file,
torch.set_num_threads(1).

Precision convention
--------------------
Weights, initial states, inputs and upstream gradients are drawn in float32, so the float32 values stored in
the file are *exactly* the values used. The reference computation itself then runs in float64
(``module.double()``, ``tensor.double()``), and the results (outputs, final states, gradients) are rounded to
float32 when stored. The scalar ``loss`` is stored in float64. Integer tensors are int32.

Family 1: Fixtures/rnn/{cell}_l{layers}_{uni|bi}_{full|padded}.safetensors  (32 files)
-------------------------------------------------------------------------------------
cell in {lstm, gru, rnn_tanh, rnn_relu} (nn.LSTM, nn.GRU, nn.RNN(nonlinearity='tanh'|'relu')),
layers in {1, 2}, uni- or bidirectional, and either "full" (every sequence has length T) or "padded"
(lengths [3, 5, 2], deliberately NOT sorted). Sizes: T=5 steps, B=3 sequences, input size I=4, hidden size H=3,
time-major (batch_first=False), dropout 0, PyTorch's default initialisation (U(-1/sqrt(H), 1/sqrt(H)) for every
weight and bias). D = 2 if bidirectional else 1; L = number of layers.

Tensors in each file (T=5, B=3, I=4, H=3):

* PyTorch's own parameter names, float32, exactly the values used:
  ``weight_ih_l{k}`` (G*H, I for k=0 else D*H), ``weight_hh_l{k}`` (G*H, H), ``bias_ih_l{k}`` (G*H),
  ``bias_hh_l{k}`` (G*H), and the same with suffix ``_reverse`` for the backward direction, where G = 4 for
  LSTM (gate rows ordered i, f, g, o), 3 for GRU (rows r, z, n; note that in the GRU the ``n`` gate's
  hidden part is r * (W_hn h + b_hn)), 1 for the Elman RNN.
* ``input``   (T, B, I) float32 — the padded, time-major batch. Values at padded steps (t >= lengths[b]) are
  ordinary random numbers; they must be ignored by a correct implementation.
* ``lengths`` (B,) int32 — valid length of each sequence ([5, 5, 5] for "full", [3, 5, 2] for "padded").
* ``h0``      (L*D, B, H) float32 — initial hidden state (randn * 0.5); row index = layer*D + direction
  (direction 1 = reverse). ``c0`` (same shape): LSTM initial cell state.
* ``output``  (T, B, D*H) float32 — top layer's hidden state at every step, forward direction in [..., :H],
  reverse direction in [..., H:]; exactly zero at padded steps (what pad_packed_sequence returns). The
  reverse direction of sequence b starts at its own last valid step lengths[b]-1, from h0, not at T-1.
* ``h_n``     (L*D, B, H) float32 — final hidden state of every layer/direction; for the forward direction
  this is the state after the sequence's own last valid step (t = lengths[b]-1), for the reverse direction the
  state after step 0. Batch order is the original (unsorted) order. ``c_n``: same for the LSTM cell state.
* ``grad_output`` (T, B, D*H), ``grad_h_n`` (L*D, B, H), ``grad_c_n`` (LSTM) float32 — random upstream
  gradients (randn). ``grad_output`` is NON-zero at padded steps too; a correct backward pass ignores those
  entries (the padded outputs are constants).
* ``loss`` (1,) float64 — L = sum(output * grad_output) + sum(h_n * grad_h_n) [+ sum(c_n * grad_c_n)], so the
  gradient of L with respect to output / h_n / c_n is exactly grad_output / grad_h_n / grad_c_n.
* ``grad.input`` (T, B, I) — exactly zero at padded steps; ``grad.h0``, ``grad.c0`` (LSTM);
  ``grad.<param name>`` for every parameter (e.g. ``grad.weight_ih_l0_reverse``). All float32.

Metadata: "config" = JSON {"cell", "input_size", "hidden_size", "num_layers", "bidirectional", "seq_len",
"batch", "lengths"}; "seed" = the torch.manual_seed used for that file.

Random draw order after torch.manual_seed(seed): module construction (default init), input, h0, [c0],
grad_output, grad_h_n, [grad_c_n].

Family 2: Fixtures/models/{name}.safetensors and {name}_io.safetensors
---------------------------------------------------------------------
Full sequence models ("optional Embedding -> RNN stack -> Linear head at every step") in the exact file format
that the CLI's ``rnn run`` loads: the PyTorch state dict under PyTorch's names plus metadata
{"recurrent": config JSON}. See ``SequenceModel``, ``export_sequence_model`` and ``_write_model`` below.
"""
import json
import os

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from safetensors_io import save_file

CELLS = ["lstm", "gru", "rnn_tanh", "rnn_relu"]
T, B, I, H = 5, 3, 4, 3
PADDED_LENGTHS = [3, 5, 2]


def make_rnn(cell, input_size, hidden_size, num_layers, bidirectional):
    """The PyTorch module for a cell name (lstm | gru | rnn_tanh | rnn_relu); time-major, dropout 0, biases on."""
    kwargs = dict(input_size=input_size, hidden_size=hidden_size, num_layers=num_layers,
                  bidirectional=bidirectional, batch_first=False, dropout=0.0, bias=True)
    if cell == "lstm":
        return nn.LSTM(**kwargs)
    if cell == "gru":
        return nn.GRU(**kwargs)
    if cell == "rnn_tanh":
        return nn.RNN(nonlinearity="tanh", **kwargs)
    if cell == "rnn_relu":
        return nn.RNN(nonlinearity="relu", **kwargs)
    raise ValueError(cell)


def run_rnn(rnn, x, lengths, state, packed):
    """Runs ``rnn`` over the padded time-major batch ``x`` (T, B, F).

    ``state`` is h0, or the tuple (h0, c0) for the LSTM. With ``packed`` the batch goes through
    pack_padded_sequence(enforce_sorted=False) / pad_packed_sequence(total_length=T), so padded steps are never
    read and come back as zeros; h_n/c_n are then per-sequence final states, in the original batch order.
    Returns (output (T, B, D*H), h_n, c_n or None).
    """
    if packed:
        seq = pack_padded_sequence(x, torch.as_tensor(lengths, dtype=torch.int64), batch_first=False,
                                   enforce_sorted=False)
        out, final = rnn(seq, state)
        out, _ = pad_packed_sequence(out, batch_first=False, total_length=x.shape[0])
    else:
        out, final = rnn(x, state)
    if isinstance(final, tuple):
        return out, final[0], final[1]
    return out, final, None


def _f32(t):
    return t.detach().to(torch.float32).contiguous()


def _rnn_fixture(cell, layers, bidirectional, padded, seed):
    torch.manual_seed(seed)
    dirs = 2 if bidirectional else 1
    is_lstm = cell == "lstm"
    lengths = PADDED_LENGTHS if padded else [T] * B

    rnn = make_rnn(cell, I, H, layers, bidirectional)  # float32 default init
    params32 = {name: p.detach().clone() for name, p in rnn.named_parameters()}
    x32 = torch.randn(T, B, I)
    h032 = torch.randn(layers * dirs, B, H) * 0.5
    c032 = torch.randn(layers * dirs, B, H) * 0.5 if is_lstm else None
    g_out32 = torch.randn(T, B, dirs * H)
    g_h32 = torch.randn(layers * dirs, B, H)
    g_c32 = torch.randn(layers * dirs, B, H) if is_lstm else None

    # Reference computation in float64 from the exact float32 values.
    rnn = rnn.double()
    x = x32.double().requires_grad_(True)
    h0 = h032.double().requires_grad_(True)
    c0 = c032.double().requires_grad_(True) if is_lstm else None
    state = (h0, c0) if is_lstm else h0
    out, h_n, c_n = run_rnn(rnn, x, lengths, state, packed=padded)

    loss = (out * g_out32.double()).sum() + (h_n * g_h32.double()).sum()
    if is_lstm:
        loss = loss + (c_n * g_c32.double()).sum()
    rnn.zero_grad()
    loss.backward()

    # --- sanity checks -------------------------------------------------------------------------------
    for b, n in enumerate(lengths):
        assert torch.all(out[n:, b] == 0), "padded outputs must be exactly zero"
        assert torch.all(x.grad[n:, b] == 0), "grad.input at padded steps must be exactly zero"
        top = (layers - 1) * dirs
        # forward direction: final state == output at the sequence's own last valid step
        assert torch.equal(h_n[top, b], out[n - 1, b, :H])
        if bidirectional:
            # reverse direction: final state == output at step 0
            assert torch.equal(h_n[top + 1, b], out[0, b, H:])
    if not padded:
        # packing with full lengths must give the same numbers as the plain call
        out2, h_n2, _ = run_rnn(rnn, x.detach(), lengths,
                                (h0.detach(), c0.detach()) if is_lstm else h0.detach(), packed=True)
        assert torch.allclose(out2, out, atol=1e-12) and torch.allclose(h_n2, h_n, atol=1e-12)

    tensors = dict(params32)
    tensors["input"] = x32
    tensors["lengths"] = torch.tensor(lengths, dtype=torch.int32)
    tensors["h0"] = h032
    if is_lstm:
        tensors["c0"] = c032
    tensors["output"] = _f32(out)
    tensors["h_n"] = _f32(h_n)
    if is_lstm:
        tensors["c_n"] = _f32(c_n)
    tensors["grad_output"] = g_out32
    tensors["grad_h_n"] = g_h32
    if is_lstm:
        tensors["grad_c_n"] = g_c32
    tensors["loss"] = loss.detach().reshape(1).to(torch.float64)
    tensors["grad.input"] = _f32(x.grad)
    tensors["grad.h0"] = _f32(h0.grad)
    if is_lstm:
        tensors["grad.c0"] = _f32(c0.grad)
    for name, p in rnn.named_parameters():
        tensors["grad." + name] = _f32(p.grad)

    config = {"cell": cell, "input_size": I, "hidden_size": H, "num_layers": layers,
              "bidirectional": bidirectional, "seq_len": T, "batch": B, "lengths": lengths}
    return tensors, {"config": json.dumps(config), "seed": str(seed)}


# ----------------------------------------------------------------------------------------------------------
# Sequence models (family 2)
# ----------------------------------------------------------------------------------------------------------

class SequenceModel(nn.Module):
    """Optional Embedding -> RNN stack -> Linear head applied at every time step.

    Submodules are named exactly ``embedding`` (only for token input), ``rnn`` and ``head``, so the state dict
    keys are ``embedding.weight``, ``rnn.weight_ih_l0`` ... ``rnn.bias_hh_l{k}_reverse``, ``head.weight``,
    ``head.bias``. Token input iff vocab_size/embedding_size are given; otherwise feature input of input_size.
    """

    def __init__(self, cell, vocab_size=None, embedding_size=None, input_size=None, hidden_size=8,
                 num_layers=1, bidirectional=False, output_size=1):
        super().__init__()
        self.tokens = vocab_size is not None
        if self.tokens:
            self.embedding = nn.Embedding(vocab_size, embedding_size)
            rnn_input = embedding_size
        else:
            rnn_input = input_size
        self.rnn = make_rnn(cell, rnn_input, hidden_size, num_layers, bidirectional)
        dirs = 2 if bidirectional else 1
        self.head = nn.Linear(hidden_size * dirs, output_size)
        # The "recurrent" config, keys in PyTorch constructor-argument order.
        self.config = {"format_version": 1, "kind": "sequence", "cell": cell}
        if self.tokens:
            self.config.update(vocab_size=vocab_size, embedding_size=embedding_size)
        else:
            self.config.update(input_size=input_size)
        self.config.update(hidden_size=hidden_size, num_layers=num_layers, bidirectional=bidirectional,
                           output_size=output_size)

    def forward(self, x, lengths, h0, c0=None):
        """x: (T, B) int64 token ids or (T, B, F) features; lengths: (B,) valid lengths (any order).

        Returns (output (T, B, output_size), h_n, c_n or None). Padded steps of the RNN output are zeros
        (pad_packed_sequence), and the head is applied to EVERY step, so output at padded steps = head.bias.
        """
        if self.tokens:
            x = self.embedding(x)
        state = (h0, c0) if isinstance(self.rnn, nn.LSTM) else h0
        out, h_n, c_n = run_rnn(self.rnn, x, lengths, state, packed=True)
        return self.head(out), h_n, c_n


def export_sequence_model(model, path):
    """Saves a trained SequenceModel in the file format that ``rnn run`` loads.

    This is the snippet a PyTorch user runs. With the public ``safetensors`` package it reads::

        import json
        from safetensors.torch import save_file
        config = {"format_version": 1, "kind": "sequence", "cell": "lstm", "vocab_size": 11,
                  "embedding_size": 5, "hidden_size": 6, "num_layers": 2, "bidirectional": False,
                  "output_size": 11}
        state = {k: v.detach().float().contiguous() for k, v in model.state_dict().items()}
        save_file(state, "model.safetensors", metadata={"recurrent": json.dumps(config)})

    i.e. the state dict under PyTorch's own names (``embedding.weight``, ``rnn.weight_ih_l0``, ...,
    ``head.weight``, ``head.bias``) as F32 tensors, and one metadata entry "recurrent" holding the JSON config
    whose keys mirror the PyTorch constructor arguments (vocab_size + embedding_size for token input,
    input_size for feature input). Here the same thing is done with the repo's minimal safetensors writer.
    """
    state = {k: v.detach().to(torch.float32).contiguous() for k, v in model.state_dict().items()}
    save_file(state, path, metadata={"recurrent": json.dumps(model.config)})


MODELS = [
    # (file name, seed, constructor arguments)
    ("lstm_tokens", 2001, dict(cell="lstm", vocab_size=11, embedding_size=5, hidden_size=6, num_layers=2,
                               bidirectional=False, output_size=11)),
    ("gru_features_bi", 2002, dict(cell="gru", input_size=4, hidden_size=5, num_layers=2, bidirectional=True,
                                   output_size=3)),
    ("rnn_tanh_tokens_bi", 2003, dict(cell="rnn_tanh", vocab_size=7, embedding_size=3, hidden_size=4,
                                      num_layers=1, bidirectional=True, output_size=7)),
]
MODEL_T, MODEL_B, MODEL_LENGTHS = 6, 3, [4, 6, 1]


def _write_model(out_dir, name, seed, kwargs):
    """models/<name>.safetensors (export_sequence_model) and models/<name>_io.safetensors:

    ``input`` int32 (T, B) token ids in [0, vocab) or float32 (T, B, F) features (randn); ``lengths`` int32 (B,)
    = [4, 6, 1] (padded, unsorted); ``h0`` (and ``c0`` for LSTM) float32 (layers*dirs, B, H) = randn * 0.5;
    expected float32 ``output`` (T, B, O) (= head.bias at padded steps), ``h_n``, ``c_n`` (LSTM), computed in
    float64 from the float32 weights. T=6, B=3. Draw order after manual_seed: model init, input, h0, [c0].
    """
    torch.manual_seed(seed)
    model = SequenceModel(**kwargs)
    export_sequence_model(model, os.path.join(out_dir, name + ".safetensors"))

    dirs = 2 if kwargs["bidirectional"] else 1
    rows, hidden = kwargs["num_layers"] * dirs, kwargs["hidden_size"]
    if model.tokens:
        x = torch.randint(0, kwargs["vocab_size"], (MODEL_T, MODEL_B), dtype=torch.int64)
    else:
        x = torch.randn(MODEL_T, MODEL_B, kwargs["input_size"])
    h0 = torch.randn(rows, MODEL_B, hidden) * 0.5
    is_lstm = kwargs["cell"] == "lstm"
    c0 = torch.randn(rows, MODEL_B, hidden) * 0.5 if is_lstm else None

    model64 = model.double()
    with torch.no_grad():
        out, h_n, c_n = model64(x if model.tokens else x.double(), MODEL_LENGTHS, h0.double(),
                                c0.double() if is_lstm else None)
    for b, n in enumerate(MODEL_LENGTHS):
        assert torch.equal(out[n:, b], model64.head.bias.expand(MODEL_T - n, -1))

    io = {"input": x.to(torch.int32) if model.tokens else x,
          "lengths": torch.tensor(MODEL_LENGTHS, dtype=torch.int32), "h0": h0}
    if is_lstm:
        io["c0"] = c0
    io["output"] = _f32(out)
    io["h_n"] = _f32(h_n)
    if is_lstm:
        io["c_n"] = _f32(c_n)
    save_file(io, os.path.join(out_dir, name + "_io.safetensors"),
              metadata={"config": json.dumps(model.config), "lengths": json.dumps(MODEL_LENGTHS),
                        "seed": str(seed)})


def generate(out_dir):
    torch.set_num_threads(1)
    rnn_dir = os.path.join(out_dir, "rnn")
    os.makedirs(rnn_dir, exist_ok=True)
    index = 0
    for cell in CELLS:
        for layers in (1, 2):
            for bidirectional in (False, True):
                for padded in (False, True):
                    seed = 1000 + index  # fixed, distinct per file
                    index += 1
                    tensors, metadata = _rnn_fixture(cell, layers, bidirectional, padded, seed)
                    name = f"{cell}_l{layers}_{'bi' if bidirectional else 'uni'}_{'padded' if padded else 'full'}"
                    save_file(tensors, os.path.join(rnn_dir, name + ".safetensors"), metadata)

    models_dir = os.path.join(out_dir, "models")
    os.makedirs(models_dir, exist_ok=True)
    for name, seed, kwargs in MODELS:
        _write_model(models_dir, name, seed, kwargs)
