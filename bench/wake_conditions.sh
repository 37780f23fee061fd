#!/usr/bin/env bash
# The held-out models of a wake_fsdd.sh run, tested outside the benchmark's conditions: each held-out speaker's test
# recordings (the run's SPEAKER/data/test_pos and test_neg) over generated noise as the benchmark makes them (1 hour,
# seed 2), but in a quieter room, with a quieter microphone, or through an 8 kHz channel.
# Usage: bench/wake_conditions.sh RUN [CONDITION ...]
#   RUN        a run folder of wake_fsdd.sh's held-out speakers, e.g. runs/fsdd/digit7 (holds SPEAKER/model.safetensors)
#   CONDITION  snr30 (30 dB SNR), snr60 (60 dB: the noise near the features' floor, as digital silence is), level-10
#              and level-20 (the whole 10 dB stream 10 or 20 dB quieter: speech at −36 or −46 dBFS), 8k (the 10 dB
#              stream through an 8 kHz channel); default: all five
# Writes RUN/SPEAKER/eval-CONDITION/{det.json, det.svg} (an existing det.json is kept, not measured again) and prints
# one JSON line per speaker and condition, then per condition the mean false-reject rate at ≤ 1 false accept per hour
# (a speaker whose rate never gets that low counts as 1).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ] || [ ! -d "$1" ]; then
    echo "usage: bench/wake_conditions.sh RUN [snr30|snr60|level-10|level-20|8k ...]; RUN is a folder of wake_fsdd.sh." >&2
    exit 1
fi
run=$1
shift
conditions=("$@")
[ ${#conditions[@]} -gt 0 ] || conditions=(snr30 snr60 level-10 level-20 8k)
./rnn --version >/dev/null
for condition in "${conditions[@]}"; do
    case $condition in
        snr30) options=(--snr 30) ;;
        snr60) options=(--snr 60) ;;
        level-10) options=(--snr 10 --level-db -10) ;;
        level-20) options=(--snr 10 --level-db -20) ;;
        8k) options=(--snr 10 --narrowband) ;;
        *) echo "wake_conditions.sh: unknown condition \"$condition\" (snr30, snr60, level-10, level-20 or 8k)." >&2; exit 1 ;;
    esac
    rates=()
    for model in "$run"/*/model.safetensors; do
        [ -e "$model" ] || { echo "wake_conditions.sh: no SPEAKER/model.safetensors under $run." >&2; exit 1; }
        folder=$(dirname "$model")
        out=$folder/eval-$condition
        if [ ! -f "$out/det.json" ]; then
            ./rnn wake eval --model "$model" --positives "$folder/data/test_pos" --negatives "$folder/data/test_neg" \
                --hours 1 --seed 2 --out "$out" --json "${options[@]}" > /dev/null
        fi
        # The best false-reject rate at ≤ 1 false accept per hour, from det.json's summary (null when not reached).
        rate=$(grep -o '"false_reject_rate_at_1_fa_per_hour": *[^,]*' "$out/det.json" | sed 's/.*: *//')
        echo "{\"held_out\": \"$(basename "$folder")\", \"condition\": \"$condition\", \"false_reject_rate_at_1_fa_per_hour\": $rate}"
        rates+=("$rate")
    done
    printf '%s\n' "${rates[@]}" | awk -v c="$condition" '{ if ($1 == "null") v = 1; else v = $1; s += v; n++ }
        END { printf "{\"condition\": \"%s\", \"speakers\": %d, \"mean_false_reject_rate_at_1_fa_per_hour\": %.4f}\n", c, n, s / n }'
done
