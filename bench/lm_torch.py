"""The PyTorch side of bench/lm_quality.sh: the same character-level model, data split, batching and optimizer as
`rnn train lm`, trained for the same wall-clock time, reporting the validation loss in nats per character.

Usage: /usr/bin/python3 bench/lm_torch.py --data ../shared/data/tinyshakespeare/input.txt --minutes 30
"""
import argparse
import copy
import json
import math
import time

import torch
import torch.nn as nn


class SequenceModel(nn.Module):
    def __init__(self, vocab, embedding, hidden, layers, dropout, output_dropout):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embedding)
        # Time-major, as Recurrent; dropout between stacked layers as `rnn train lm --dropout`, and on the last
        # layer's output as `--output-dropout`.
        self.rnn = nn.LSTM(embedding, hidden, num_layers=layers, dropout=dropout)
        self.drop = nn.Dropout(output_dropout)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, x, state=None):
        out, state = self.rnn(self.embedding(x), state)
        return self.head(self.drop(out)), state


def lanes(ids, batch):
    lane = len(ids) // batch
    return ids[: lane * batch].view(batch, lane).t().contiguous()  # (lane, B)


def evaluate(model, ids, steps, batch):
    model.eval()
    data = lanes(ids, batch)
    total, count, state = 0.0, 0, None
    with torch.no_grad():
        for start in range(0, data.size(0) - 1, steps):
            x = data[start:start + steps]
            y = data[start + 1:start + 1 + steps]
            x = x[: y.size(0)]
            logits, state = model(x, state)
            total += nn.functional.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1), reduction="sum").item()
            count += y.numel()
    model.train()
    return total / count


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--minutes", type=float, default=30)
    p.add_argument("--embedding", type=int, default=64)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--dropout", type=float, default=0)
    p.add_argument("--output-dropout", type=float, default=0)
    p.add_argument("--seq-len", type=int, default=64)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--lr-decay", default="constant", help="constant or exp:GAMMA (per step), as `rnn train lm`")
    p.add_argument("--clip", type=float, default=5)
    p.add_argument("--val-fraction", type=float, default=0.1)
    p.add_argument("--val-every", type=int, default=500)
    p.add_argument("--val-tokens", type=int, default=None, help="validation tokens per evaluation (default: all)")
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    text = open(a.data, encoding="utf-8").read()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    ids = torch.tensor([index[c] for c in text], dtype=torch.long)
    cut = round(len(ids) * (1 - a.val_fraction))
    train, val = ids[:cut], ids[cut:]
    model = SequenceModel(len(chars), a.embedding, a.hidden, a.layers, a.dropout, a.output_dropout)
    optimizer = torch.optim.Adam(model.parameters(), lr=a.lr)
    # Step t trains at lr·gamma^t, as Recurrent's exp:GAMMA schedule.
    gamma = 1.0 if a.lr_decay == "constant" else float(a.lr_decay.removeprefix("exp:"))
    schedule = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma)
    data = lanes(train, a.batch)
    windows = (data.size(0) - 1) // a.seq_len
    # As `rnn train lm`: every --val-every steps the loss on the first --val-tokens validation tokens picks the best
    # weights so far (inside the time budget), and the best weights are measured on the whole validation part.
    best_loss, best_weights = math.inf, None
    state, step, start = None, 0, time.time()
    while time.time() - start < a.minutes * 60:
        w = step % windows
        if w == 0:
            state = None
        x = data[w * a.seq_len:(w + 1) * a.seq_len]
        y = data[w * a.seq_len + 1:(w + 1) * a.seq_len + 1]
        logits, state = model(x, state)
        state = tuple(s.detach() for s in state)
        loss = nn.functional.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), a.clip)
        optimizer.step()
        schedule.step()
        step += 1
        if step % a.val_every == 0:
            loss = evaluate(model, val[:a.val_tokens], a.seq_len, a.batch)
            if loss < best_loss:
                best_loss, best_weights = loss, copy.deepcopy(model.state_dict())
    elapsed = time.time() - start
    if best_weights is not None and evaluate(model, val[:a.val_tokens], a.seq_len, a.batch) > best_loss:
        model.load_state_dict(best_weights)
    val_loss = evaluate(model, val, a.seq_len, a.batch)
    print(json.dumps({"framework": "pytorch " + torch.__version__, "steps": step, "train_seconds": round(elapsed, 1),
                      "tokens_per_s": round(step * a.seq_len * a.batch / elapsed), "val_loss": val_loss,
                      "bits_per_char": val_loss / math.log(2)}))


if __name__ == "__main__":
    main()
