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
# Both sides train as long as the model still learns: with H = 256 (dropout 0.2) and H = 512 (dropout 0.3) the
# validation loss bottomed out within about 6 passes over the data, which PyTorch also reaches in 30 minutes, so speed
# made no difference. H = 512 with dropout 0.5 between the layers keeps improving for longer. The learning rate
# decays by 10 over 9,000 steps, per step on both sides, so the faster side also gets further down the schedule.
common=(--embedding 64 --hidden 512 --layers 2 --dropout 0.5 --seq-len 64 --batch 32 --lr 2e-3 --lr-decay exp:0.99975
  --clip 5 --val-fraction 0.1 --val-every 500)

./rnn train lm --data "$data" --format text --level char --cell lstm "${common[@]}" \
  --minutes "$minutes" --out "$out"
# The validation part alone, measured the same way as the PyTorch script does.
tail -c +$(( $(wc -c < "$data") * 9 / 10 + 1 )) "$data" > "$out/validation.txt"
echo "recurrent validation: $(./rnn eval --model "$out/model.safetensors" --data "$out/validation.txt" --format text --seq-len 64 --batch 32 --json)"
echo "pytorch (tuned, see bench/pytorch_env.sh): $(tuned 2 /usr/bin/python3 bench/lm_torch.py --data "$data" --minutes "$minutes" "${common[@]}")"
