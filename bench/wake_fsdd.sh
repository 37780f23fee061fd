#!/usr/bin/env bash
# Real-data wake-word run on the Free Spoken Digit Dataset (../shared/data/fsdd): one digit is the wake word, the
# other digits are negative speech; each speaker in turn is held out of training and used for testing.
# Usage: bench/wake_fsdd.sh [DIGIT] [MINUTES_PER_SPEAKER] [SPEAKER ...]
#   DIGIT                 wake digit (default 7, "seven": two syllables, unlike most digits)
#   MINUTES_PER_SPEAKER   training budget of each run (default 8)
#   SPEAKER ...           held-out speakers (default: all four)
# Writes runs/fsdd/digit$DIGIT/$SPEAKER/{model.safetensors, metrics.jsonl, loss.svg, eval/det.json, eval/det.svg}
# and prints one JSON line of results per held-out speaker (10 dB SNR, 1 hour of negative audio).
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/fsdd/recordings
if [ ! -d "$data" ]; then
    echo "wake_fsdd.sh: $data is missing; this benchmark needs the shared FSDD recordings." >&2
    exit 1
fi
digit=${1:-7}
minutes=${2:-8}
shift $(( $# > 2 ? 2 : $# ))
speakers=("$@")
[ ${#speakers[@]} -gt 0 ] || speakers=(george jackson nicolas yweweler)
root=runs/fsdd/digit$digit
for held in "${speakers[@]}"; do
    split=$root/$held/data
    rm -rf "$split"
    mkdir -p "$split"/{train_pos,train_neg,test_pos,test_neg}
    for file in "$data"/*.wav; do
        name=$(basename "$file")
        d=${name%%_*}
        rest=${name#*_}
        speaker=${rest%%_*}
        kind=neg
        [ "$d" = "$digit" ] && kind=pos
        part=train
        [ "$speaker" = "$held" ] && part=test
        ln -s "$(realpath "$file")" "$split/${part}_$kind/$name"
    done
    ./rnn wake train --positives "$split/train_pos" --negatives "$split/train_neg" --out "$root/$held" \
        --minutes "$minutes" --seed 1 --checkpoint-every 100
    summary=$(./rnn wake eval --model "$root/$held/model.safetensors" --positives "$split/test_pos" \
        --negatives "$split/test_neg" --snr 10 --hours 1 --seed 2 --out "$root/$held/eval" --json)
    echo "{\"held_out\": \"$held\", \"digit\": $digit, \"summary\": $summary}"
done
