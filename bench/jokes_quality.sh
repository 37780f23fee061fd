#!/usr/bin/env bash
# Jokes (../shared/data/jokes/*.csv, column Joke): a word-level and a character-level model, each trained for
# MINUTES (default 20), then validation perplexity and five generated jokes with their novelty figure.
# Run on a quiet machine: ./bench/jokes_quality.sh [MINUTES]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
minutes=${1:-20}
data=../shared/data/jokes
[ -d "$data" ] || { echo "jokes_quality: $data is missing (see ../shared/data/README.md)" >&2; exit 1; }
for level in word char; do
  out=runs/bench-jokes-$level
  ./rnn train lm --data "$data"/*.csv --format csv:Joke --level "$level" --hidden 256 --layers 1 --embedding 64 \
    --seq-len 48 --batch 32 --minutes "$minutes" --val-every 300 --val-tokens 30000 --out "$out"
  echo "== $level: best validation loss (nats/token) and perplexity"
  tail -n 1 "$out/metrics.jsonl"
  ./rnn generate --model "$out/model.safetensors" --count 5 --temperature 0.8 --top-p 0.95 --length 300 --novelty --seed 1
done
