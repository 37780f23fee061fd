#!/usr/bin/env bash
# Real-data wake-word run on the Free Spoken Digit Dataset (../shared/data/fsdd): one digit is the wake word, the
# other digits are negative speech; each speaker in turn is held out of training and used for testing.
# Usage: bench/wake_fsdd.sh [DIGIT] [MINUTES_PER_SPEAKER] [SPEAKER ...]
#   DIGIT                 wake digit (default 7, "seven": two syllables, unlike most digits)
#   MINUTES_PER_SPEAKER   training budget of each run (default 8)
#   SPEAKER ...           held-out speakers (default: all four)
# SYNTH=N adds N espeak-ng clips of the wake digit and 2N of the other nine digits (`rnn wake synth`, many voices,
# speeds and pitches) to the training data; the test speaker's recordings stay the only test data.
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
synth=${SYNTH:-0}
root=runs/fsdd/digit$digit
[ "$synth" -eq 0 ] || root=runs/fsdd/digit$digit-synth$synth
names=(zero one two three four five six seven eight nine)
if [ "$synth" -gt 0 ]; then
    others=()
    for d in "${!names[@]}"; do [ "$d" = "$digit" ] || others+=(--word "${names[$d]}"); done
    rm -rf "$root/synth"
    ./rnn wake synth --install --word "${names[$digit]}" --out "$root/synth/pos" --count "$synth" --seed 1
    ./rnn wake synth --install "${others[@]}" --out "$root/synth/neg" --count $(( 2 * synth )) --seed 2
fi
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
    if [ "$synth" -gt 0 ]; then
        for file in "$root"/synth/pos/*.wav; do ln -s "$(realpath "$file")" "$split/train_pos/synth_$(basename "$file")"; done
        for file in "$root"/synth/neg/*.wav; do ln -s "$(realpath "$file")" "$split/train_neg/synth_$(basename "$file")"; done
    fi
    ./rnn wake train --positives "$split/train_pos" --negatives "$split/train_neg" --out "$root/$held" \
        --minutes "$minutes" --seed 1 --checkpoint-every 100
    summary=$(./rnn wake eval --model "$root/$held/model.safetensors" --positives "$split/test_pos" \
        --negatives "$split/test_neg" --snr 10 --hours 1 --seed 2 --out "$root/$held/eval" --json)
    echo "{\"held_out\": \"$held\", \"digit\": $digit, \"summary\": $summary}"
done
