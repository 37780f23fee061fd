#!/usr/bin/python3
"""PyTorch side of bench/compare.sh: the same measurements as `rnn bench`, printed as one JSON object.

  pytorch_bench.py train  --cell lstm --vocab 65 --embedding 64 --hidden 256 --layers 2 --seq-len 64 --batch 32
  pytorch_bench.py infer  ...   (forward only, no autograd)
  pytorch_bench.py stream ...   (one step at batch 1 carrying state, softmax included)
  pytorch_bench.py gemm   --m 1024 --n 1024 --k 1024 [--transpose-b]   (numpy float32 matmul, i.e. OpenBLAS sgemm)

Timing follows `rnn bench`: a warm-up of a fifth of --seconds (at least two calls), then five windows of
--seconds/5 each; the median window's rate is reported. --threads sets torch's intra-op threads.
"""
import argparse
import json
import resource
import time

import numpy as np
import torch
import torch.nn as nn

WINDOWS = 5


def median_calls_per_second(action, seconds):
    start = time.perf_counter()
    calls = 0
    while calls < 2 or time.perf_counter() - start < seconds / WINDOWS:
        action()
        calls += 1
    rates = []
    for _ in range(WINDOWS):
        start = time.perf_counter()
        count = 0
        while count < 1 or time.perf_counter() - start < seconds / WINDOWS:
            action()
            count += 1
        rates.append(count / (time.perf_counter() - start))
    return sorted(rates)[WINDOWS // 2]


def peak_working_set_mb():
    # ru_maxrss is in kilobytes on Linux: the process's peak resident set, as .NET's PeakWorkingSet64.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class SequenceModel(nn.Module):
    def __init__(self, cell, vocab, embedding, hidden, layers):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embedding)
        rnn = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN, "rnn_tanh": nn.RNN}[cell]
        self.rnn = rnn(embedding, hidden, num_layers=layers)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, x, state=None):
        output, state = self.rnn(self.embedding(x), state)
        return self.head(output), state


def forward_flops_per_token(a):
    gates = {"lstm": 4, "gru": 3}.get(a.cell, 1) * a.hidden
    flops = 0.0
    for layer in range(a.layers):
        inputs = a.embedding if layer == 0 else a.hidden
        flops += 2 * gates * (inputs + a.hidden)
    return flops + 2 * a.hidden * a.vocab


def train(a):
    torch.manual_seed(1)
    model = SequenceModel(a.cell, a.vocab, a.embedding, a.hidden, a.layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = nn.CrossEntropyLoss()
    inputs = torch.randint(a.vocab, (a.seq_len, a.batch))
    targets = torch.randint(a.vocab, (a.seq_len, a.batch))

    def step():
        optimizer.zero_grad()
        logits, _ = model(inputs)
        loss = loss_fn(logits.reshape(-1, a.vocab), targets.reshape(-1))
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()

    tokens = median_calls_per_second(step, a.seconds) * a.seq_len * a.batch
    return {"tokens_per_second": round(tokens, 1), "gflops": round(tokens * 3 * forward_flops_per_token(a) / 1e9, 2),
            "peak_working_set_mb": peak_working_set_mb()}


def infer(a):
    torch.manual_seed(1)
    model = SequenceModel(a.cell, a.vocab, a.embedding, a.hidden, a.layers).eval()
    inputs = torch.randint(a.vocab, (a.seq_len, a.batch))

    def step():
        with torch.no_grad():
            model(inputs)

    tokens = median_calls_per_second(step, a.seconds) * a.seq_len * a.batch
    return {"tokens_per_second": round(tokens, 1), "gflops": round(tokens * forward_flops_per_token(a) / 1e9, 2),
            "peak_working_set_mb": peak_working_set_mb()}


def stream(a):
    torch.manual_seed(1)
    model = SequenceModel(a.cell, a.vocab, a.embedding, a.hidden, a.layers).eval()
    token = torch.zeros((1, 1), dtype=torch.long)
    holder = {"state": None, "token": token}

    def step():
        with torch.no_grad():
            logits, holder["state"] = model(holder["token"], holder["state"])
            probabilities = torch.softmax(logits[0, 0], dim=-1)
            holder["token"] = probabilities.argmax().reshape(1, 1)

    return {"microseconds_per_step": round(1e6 / median_calls_per_second(step, a.seconds), 2),
            "peak_working_set_mb": peak_working_set_mb()}


def gemm(a):
    rng = np.random.default_rng(1)
    left = rng.uniform(-1, 1, (a.m, a.k)).astype(np.float32)
    right = rng.uniform(-1, 1, (a.n, a.k) if a.transpose_b else (a.k, a.n)).astype(np.float32)
    out = np.empty((a.m, a.n), dtype=np.float32)
    operand = right.T if a.transpose_b else right
    calls = median_calls_per_second(lambda: np.matmul(left, operand, out=out), a.seconds)
    return {"gflops": round(calls * 2.0 * a.m * a.n * a.k / 1e9, 2)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["train", "infer", "stream", "gemm"])
    parser.add_argument("--cell", default="lstm")
    parser.add_argument("--vocab", type=int, default=65)
    parser.add_argument("--embedding", type=int, default=64)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--seq-len", type=int, default=64)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--m", type=int, default=1024)
    parser.add_argument("--n", type=int, default=1024)
    parser.add_argument("--k", type=int, default=1024)
    parser.add_argument("--transpose-b", action="store_true")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10)
    a = parser.parse_args()
    torch.set_num_threads(a.threads)
    print(json.dumps({"train": train, "infer": infer, "stream": stream, "gemm": gemm}[a.mode](a)))


if __name__ == "__main__":
    main()
