#!/usr/bin/env bash
# Tiny Shakespeare, character level: Recurrent and PyTorch train the same 2-layer LSTM for the same wall-clock time
# (default 30 minutes each, one after the other, so they do not share the CPU) on the first 90% and are measured
# on the last 10%. Target: Recurrent's validation loss <= 1.50 nats/char and below PyTorch's.
# PyTorch runs tuned (bench/pytorch_env.sh). Run on a quiet machine: ./bench/lm_quality.sh [MINUTES]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
minutes=${1:-30}
data=../shared/data/tinyshakespeare/input.txt
[ -f "$data" ] || { echo "lm_quality: $data is missing (see ../shared/data/README.md)" >&2; exit 1; }
out=runs/bench-shakespeare
# shellcheck source=bench/pytorch_env.sh
source bench/pytorch_env.sh
# Dropout 0.2 between the layers: at about 40 passes over the data in 30 minutes the model would otherwise overfit.
common=(--embedding 64 --hidden 256 --layers 2 --dropout 0.2 --seq-len 64 --batch 32 --lr 2e-3 --clip 5)

./rnn train lm --data "$data" --format text --level char --cell lstm "${common[@]}" \
  --minutes "$minutes" --val-fraction 0.1 --val-every 500 --val-tokens 20000 --out "$out"
# The validation part alone, measured the same way as the PyTorch script does.
tail -c +$(( $(wc -c < "$data") * 9 / 10 + 1 )) "$data" > "$out/validation.txt"
echo "recurrent validation: $(./rnn eval --model "$out/model.safetensors" --data "$out/validation.txt" --format text --seq-len 64 --batch 32 --json)"
echo "pytorch (tuned, see bench/pytorch_env.sh): $(tuned 2 /usr/bin/python3 bench/lm_torch.py --data "$data" --minutes "$minutes" "${common[@]}")"
