#!/usr/bin/env bash
# Real-data wake-word run on the Free Spoken Digit Dataset (../shared/data/fsdd): one digit is the wake word, the
# other digits are negative speech; each speaker in turn is held out of training and used for testing.
# Usage: [SYNTH=N] [JOBS=J] bench/wake_fsdd.sh [DIGIT] [STEPS] [SPEAKER ...]
#   DIGIT      wake digit (default 7, "seven": two syllables, unlike most digits)
#   STEPS      training steps of each run (default 6000); a step budget, unlike minutes, gives the same model on
#              any machine and under any load
#   SPEAKER    held-out speakers (default: all four)
# SYNTH=N adds N synthetic clips of the wake digit and 2N of the other nine digits (`rnn wake synth`, many voices,
# speeds and pitches) to the training data; the test speaker's recordings stay the only test data. SYNTH_ENGINE
# chooses the synthesizer (espeak-ng, the default; flite; or all, the two in turn). The clips are kept in
# $root/synth with the settings that made them and reused while those match (delete the folder to remake them).
# SEED=S trains with --seed S (default 1), to measure how much a figure moves from one run to another.
# TRAIN_ARGS="..." adds options to `rnn wake train` (e.g. "--pitch-semitones 3"); NAME=DIR names the run folder
# under runs/fsdd (default digit$DIGIT, or digit$DIGIT-synthN with SYNTH).
# JOBS=J trains J held-out speakers at a time, each on one core (DOTNET_PROCESSOR_COUNT=1): on the 2-core machine
# two single-core runs got through about 1.7 times the examples of one run on both cores (one measurement, README).
# Writes runs/fsdd/$NAME/$SPEAKER/{model.safetensors, metrics.jsonl, loss.svg, eval/det.json,
# eval/det.svg, train.log} and prints one JSON line of results per held-out speaker (10 dB SNR, 1 hour of negative
# audio).
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/fsdd/recordings
if [ ! -d "$data" ]; then
    echo "wake_fsdd.sh: $data is missing; this benchmark needs the shared FSDD recordings." >&2
    exit 1
fi
digit=${1:-7}
steps=${2:-6000}
shift $(( $# > 2 ? 2 : $# ))
speakers=("$@")
[ ${#speakers[@]} -gt 0 ] || speakers=(george jackson nicolas yweweler)
synth=${SYNTH:-0}
engine=${SYNTH_ENGINE:-espeak-ng}
jobs=${JOBS:-1}
root=runs/fsdd/digit$digit
[ "$synth" -eq 0 ] || root=runs/fsdd/digit$digit-synth$synth
[ -z "${NAME:-}" ] || root=runs/fsdd/$NAME
read -r -a train_args <<< "${TRAIN_ARGS:-}"
names=(zero one two three four five six seven eight nine)
./rnn --version >/dev/null # builds once, before runs in parallel could race to build
if [ "$synth" -gt 0 ]; then
    others=()
    for d in "${!names[@]}"; do [ "$d" = "$digit" ] || others+=(--word "${names[$d]}"); done
    made="digit=$digit count=$synth engine=$engine"
    if [ "$(cat "$root/synth/settings" 2>/dev/null)" != "$made" ]; then
        rm -rf "$root/synth"
        ./rnn wake synth --install --engine "$engine" --word "${names[$digit]}" --out "$root/synth/pos" --count "$synth" --seed 1
        ./rnn wake synth --install --engine "$engine" "${others[@]}" --out "$root/synth/neg" --count $(( 2 * synth )) --seed 2
        echo "$made" > "$root/synth/settings"
    fi
fi

recordings=$(realpath "$data")
run_speaker() {
    local held=$1 split=$root/$1/data
    rm -rf "$split"
    mkdir -p "$split"/{train_pos,train_neg,test_pos,test_neg}
    # One ln per digit and speaker (FSDD names are DIGIT_SPEAKER_TAKE.wav): a process per file is minutes of
    # forking when the other run's training holds both cores.
    local d speaker kind part
    for d in "${!names[@]}"; do
        for speaker in $(find "$recordings" -name "${d}_*.wav" -printf '%f\n' | cut -d_ -f2 | sort -u); do
            kind=neg
            part=train
            [ "$d" = "$digit" ] && kind=pos
            [ "$speaker" = "$held" ] && part=test
            ln -s "$recordings/${d}_${speaker}"_*.wav "$split/${part}_$kind/"
        done
    done
    if [ "$synth" -gt 0 ]; then
        # rnn wake synth names its clips after the words (seven_0001.wav), so they never clash with FSDD names.
        ln -s "$(realpath "$root/synth/pos")"/*.wav "$split/train_pos/"
        ln -s "$(realpath "$root/synth/neg")"/*.wav "$split/train_neg/"
    fi
    ./rnn wake train --positives "$split/train_pos" --negatives "$split/train_neg" --out "$root/$held" \
        --steps "$steps" --conv-channels 128 --hidden 128 --lr-decay exp:0.9996 --seed "${SEED:-1}" --checkpoint-every 500 \
        "${train_args[@]}" > "$root/$held/train.log"
    local summary
    summary=$(./rnn wake eval --model "$root/$held/model.safetensors" --positives "$split/test_pos" \
        --negatives "$split/test_neg" --snr 10 --hours 1 --seed 2 --out "$root/$held/eval" --json)
    echo "{\"held_out\": \"$held\", \"digit\": $digit, \"steps\": $steps, \"summary\": $summary}"
}

if [ "$jobs" -le 1 ]; then
    for held in "${speakers[@]}"; do run_speaker "$held"; done
else
    export DOTNET_PROCESSOR_COUNT=1
    running=0
    for held in "${speakers[@]}"; do
        run_speaker "$held" &
        running=$((running + 1))
        if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
    done
    # wait -n returns each run's status, so under set -e a failed run fails the benchmark.
    while [ "$running" -gt 0 ]; do wait -n; running=$((running - 1)); done
fi
