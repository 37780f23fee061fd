#!/usr/bin/env bash
# Real-data wake-word run on the Free Spoken Digit Dataset (../shared/data/fsdd): one digit is the wake word, the
# other digits are negative speech; each speaker in turn is held out of training and used for testing.
# Usage: [SYNTH=N] [SYNTH_ENGINE=E] [SEED=S] [JOBS=J] [TRAIN_ARGS="..."] [NAME=DIR] [EXTRA=DIR]
#        [TRAIN_ON="SET ..." | TEST_TAKES=N | ENROLL=N | MEMBERS="RUN ..."]
#        bench/wake_fsdd.sh [DIGIT] [STEPS] [SPEAKER ...]
#   DIGIT      wake digit (default 7, "seven": two syllables, unlike most digits)
#   STEPS      training steps of each run (default 6000); a step budget, unlike minutes, gives the same model on
#              any machine and under any load
#   SPEAKER    held-out speakers (default: every speaker in the recordings, four in the shared copy)
# SYNTH=N adds N synthetic clips of the wake digit and 2N of the other nine digits (`rnn wake synth`, many voices,
# speeds and pitches) to the training data; the test speaker's recordings stay the only test data. SYNTH_ENGINE
# chooses the synthesizer (espeak-ng, the default; flite; or all, the two in turn). The clips are kept in
# $root/synth with the settings that made them and reused while those match (delete the folder to remake them).
# SEED=S trains with --seed S (default 1), to measure how much a figure moves from one run to another.
# TRAIN_ARGS="..." adds options to `rnn wake train` (e.g. "--pitch-semitones 3"; the model is 128 convolution channels
# and 128 GRU units unless it gives --conv-channels or --hidden, and the learning rate decays by exp:0.9996 per step
# unless it gives --lr-decay); NAME=DIR names the run folder under runs/fsdd
# (default digit$DIGIT, or digit$DIGIT-synthN with SYNTH).
# EXTRA=DIR adds DIR/pos/*.wav to every model's wake-word clips and DIR/neg/*.wav to its other speech (either may be
# absent; for example the recordings bench/asterisk_speech.sh DIR links); their names must not clash with FSDD's or
# the synthetic clips'.
# JOBS=J trains J held-out speakers at a time, each on one core (DOTNET_PROCESSOR_COUNT=1): on the 2-core machine
# two single-core runs got through about 1.7 times the examples of one run on both cores (one measurement, README).
# Writes runs/fsdd/$NAME/$SPEAKER/{model.safetensors, metrics.jsonl, loss.svg, eval/det.json,
# eval/det.svg, train.log} and prints one JSON line of results per held-out speaker (10 dB SNR, 1 hour of negative
# audio).
# TRAIN_ON="george+jackson nicolas ..." trains instead on each listed set of real speakers (joined by +), with the
# same synthetic clips, and tests each model on every speaker outside its set: how the figures move with the number
# of real speakers heard. No SPEAKER arguments then; JOBS=J trains J sets at a time. Writes
# runs/fsdd/$NAME/on-$SET/{model.safetensors, train.log, ..., eval-$SPEAKER/det.json, eval-$SPEAKER/det.svg}.
# TEST_TAKES=N trains one model on takes N to 49 of every speaker and tests it on each speaker's takes 0 to N-1: voices
# it has heard, words it has not (the upstream test split is N=5). No SPEAKER arguments or TRAIN_ON then. Writes
# runs/fsdd/$NAME/takes-from-$N/{model.safetensors, ..., eval-$SPEAKER/...}.
# ENROLL=N holds each SPEAKER out as above but for his takes 0 to N-1 (every digit), which join the training data, and
# tests on his takes N to 49: a new voice enrolled with N recordings of each digit. Writes
# runs/fsdd/$NAME/enroll-$N-$SPEAKER/{model.safetensors, ..., eval-$SPEAKER/...}.
# MEMBERS="RUN1 RUN2 ..." trains nothing: for each SPEAKER it evaluates the models of earlier runs that held him out,
# runs/fsdd/RUNi/$SPEAKER/model.safetensors, together (`rnn wake eval --model ... --model ...`: their logits averaged
# frame by frame) on the same test streams. NAME is required then. Writes runs/fsdd/$NAME/$SPEAKER/eval/.
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
synth=${SYNTH:-0}
engine=${SYNTH_ENGINE:-espeak-ng}
jobs=${JOBS:-1}
root=runs/fsdd/digit$digit
[ "$synth" -eq 0 ] || root=runs/fsdd/digit$digit-synth$synth
[ -z "${NAME:-}" ] || root=runs/fsdd/$NAME
read -r -a train_args <<< "${TRAIN_ARGS:-}"
# The defaults TRAIN_ARGS may override (an option given twice is an error): the model's widths, 128 each.
defaults=()
[[ " ${train_args[*]} " =~ " --conv-channels"[=\ ] ]] || defaults+=(--conv-channels 128)
[[ " ${train_args[*]} " =~ " --hidden"[=\ ] ]] || defaults+=(--hidden 128)
# The learning rate falls by exp:0.9996 per step unless TRAIN_ARGS gives --lr-decay (for longer runs, whose rate would
# otherwise be near zero for their second half).
[[ " ${train_args[*]} " =~ " --lr-decay"[=\ ] ]] || defaults+=(--lr-decay exp:0.9996)
# With --word-loss the trainer learns which word each clip of other speech is, from the subfolder it lies in: training
# negatives are then linked into train_neg/WORD/ (zero, one, ...; EXTRA's clips, whose words are unknown, stay in
# train_neg). Test folders stay flat either way, so the test streams do not change.
by_word=0
[[ " ${train_args[*]} " =~ " --word-loss"[=\ ] ]] && by_word=1
# EXTRA must hold clips before anything is built or trained (train links whichever of pos and neg it has).
if [ -n "${EXTRA:-}" ] && ! compgen -G "$EXTRA/pos/*.wav" >/dev/null && ! compgen -G "$EXTRA/neg/*.wav" >/dev/null; then
    echo "wake_fsdd.sh: EXTRA=$EXTRA holds no pos/*.wav or neg/*.wav clips." >&2
    exit 1
fi
names=(zero one two three four five six seven eight nine)
recordings=$(realpath "$data")
all_speakers=$(find "$recordings" -name '*.wav' -printf '%f\n' | cut -d_ -f2 | sort -u)
require_speaker() {
    if ! grep -qx "$1" <<< "$all_speakers"; then
        echo "wake_fsdd.sh: no speaker \"$1\" among the recordings' speakers ($(echo $all_speakers))." >&2
        exit 1
    fi
}
# require_takes NAME VALUE: VALUE is a number of takes from 1 to 49.
require_takes() {
    if ! [[ "$2" =~ ^[1-9][0-9]?$ ]] || [ "$2" -ge 50 ]; then
        echo "wake_fsdd.sh: $1 must be a number of takes from 1 to 49; got \"$2\"." >&2
        exit 1
    fi
}
# What to run: run_speaker (one held-out speaker), run_set (TRAIN_ON), run_takes (TEST_TAKES) or run_enrolled
# (ENROLL), over units.
units=("${speakers[@]}")
work=run_speaker
if [ -n "${TEST_TAKES:-}" ]; then
    if [ ${#speakers[@]} -gt 0 ] || [ -n "${TRAIN_ON:-}" ]; then
        echo "wake_fsdd.sh: TEST_TAKES tests on every speaker; give neither SPEAKER arguments nor TRAIN_ON." >&2
        exit 1
    fi
    require_takes TEST_TAKES "$TEST_TAKES"
    units=("$TEST_TAKES")
    work=run_takes
elif [ -n "${TRAIN_ON:-}" ]; then
    if [ ${#speakers[@]} -gt 0 ]; then
        echo "wake_fsdd.sh: with TRAIN_ON, each set is tested on every speaker outside it; give no SPEAKER arguments." >&2
        exit 1
    fi
    read -r -a units <<< "$TRAIN_ON"
    for set in "${units[@]}"; do
        for speaker in ${set//+/ }; do require_speaker "$speaker"; done
        if [ "$(grep -cvxF -f <(tr + '\n' <<< "$set") <<< "$all_speakers")" -eq 0 ]; then
            echo "wake_fsdd.sh: TRAIN_ON set \"$set\" leaves no speaker to test on." >&2
            exit 1
        fi
    done
    work=run_set
elif [ ${#units[@]} -eq 0 ]; then
    read -r -a units <<< "$(echo $all_speakers)"
else
    for speaker in "${units[@]}"; do require_speaker "$speaker"; done
fi
if [ -n "${MEMBERS:-}" ]; then
    if [ -n "${TEST_TAKES:-}" ] || [ -n "${TRAIN_ON:-}" ] || [ -n "${ENROLL:-}" ] || [ -z "${NAME:-}" ]; then
        echo "wake_fsdd.sh: MEMBERS evaluates earlier runs' models together under a NAME of its own; give NAME, and neither TEST_TAKES, TRAIN_ON nor ENROLL." >&2
        exit 1
    fi
    read -r -a members <<< "$MEMBERS"
    for member in "${members[@]}"; do
        for speaker in "${units[@]}"; do
            if [ ! -f "runs/fsdd/$member/$speaker/model.safetensors" ]; then
                echo "wake_fsdd.sh: runs/fsdd/$member/$speaker/model.safetensors is missing; MEMBERS names runs that held out every SPEAKER." >&2
                exit 1
            fi
        done
    done
    work=run_members
    synth=0
fi
if [ -n "${ENROLL:-}" ]; then
    if [ -n "${TEST_TAKES:-}" ] || [ -n "${TRAIN_ON:-}" ]; then
        echo "wake_fsdd.sh: ENROLL is a mode of its own; give neither TEST_TAKES nor TRAIN_ON with it." >&2
        exit 1
    fi
    require_takes ENROLL "$ENROLL"
    work=run_enrolled
fi

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

# link_recordings POS NEG TAKES SPEAKER...: links the speakers' wake digits into POS and their other digits into NEG;
# TAKES is FIRST-LAST or FIRST- (take numbers, inclusive). One ln per digit and speaker (FSDD names are
# DIGIT_SPEAKER_TAKE.wav): a process per file is minutes of forking when another run's training holds both cores.
link_recordings() {
    local pos=$1 neg=$2 first=${3%-*} last=${3#*-} speaker d file take dest
    shift 3
    [ -n "$last" ] || last=1000000
    mkdir -p "$pos" "$neg"
    for speaker in "$@"; do
        for d in "${!names[@]}"; do
            dest=$neg
            if [ "$d" = "$digit" ]; then
                dest=$pos
            elif [ "$by_word" = 1 ] && [ "$(basename "$neg")" = train_neg ]; then
                # Training negatives by word for --word-loss (above); a test folder stays flat.
                dest=$neg/${names[$d]}
                mkdir -p "$dest"
            fi
            local files=()
            for file in "$recordings/${d}_${speaker}"_*.wav; do
                [ -e "$file" ] || continue # a speaker without this digit leaves the pattern unexpanded
                take=${file##*_}
                take=${take%.wav}
                if [ "$take" -ge "$first" ] && [ "$take" -le "$last" ]; then files+=("$file"); fi
            done
            [ ${#files[@]} -eq 0 ] || ln -s "${files[@]}" "$dest/"
        done
    done
}
# train DATA OUT: the model of OUT from DATA/train_pos and DATA/train_neg, plus the synthetic clips.
train() {
    if [ "$synth" -gt 0 ]; then
        # rnn wake synth names its clips after the words (seven_0001.wav), so they never clash with FSDD names.
        ln -s "$(realpath "$root/synth/pos")"/*.wav "$1/train_pos/"
        if [ "$by_word" = 1 ]; then
            local name
            for name in "${names[@]}"; do
                ! compgen -G "$root/synth/neg/${name}_*.wav" >/dev/null \
                    || { mkdir -p "$1/train_neg/$name" && ln -s "$(realpath "$root/synth/neg")/${name}_"*.wav "$1/train_neg/$name/"; }
            done
        else
            ln -s "$(realpath "$root/synth/neg")"/*.wav "$1/train_neg/"
        fi
    fi
    if [ -n "${EXTRA:-}" ]; then
        local kind
        for kind in pos neg; do
            ! compgen -G "$EXTRA/$kind/*.wav" >/dev/null || ln -s "$(realpath "$EXTRA/$kind")"/*.wav "$1/train_$kind/"
        done
    fi
    ./rnn wake train --positives "$1/train_pos" --negatives "$1/train_neg" --out "$2" \
        --steps "$steps" "${defaults[@]}" --seed "${SEED:-1}" --checkpoint-every 500 \
        "${train_args[@]}" > "$2/train.log"
}
# evaluate MODEL POS NEG OUT [MODEL ...]: the eval summary (JSON) of MODEL (and any further models, listening
# together) on one held-out speaker's recordings.
evaluate() {
    local more=() model
    for model in "${@:5}"; do more+=(--model "$model"); done
    ./rnn wake eval --model "$1" "${more[@]}" --positives "$2" --negatives "$3" --snr 10 --hours 1 --seed 2 --out "$4" --json
}

run_speaker() {
    local held=$1 split=$root/$1/data others
    mapfile -t others < <(grep -vx "$held" <<< "$all_speakers")
    rm -rf "$split"
    link_recordings "$split/train_pos" "$split/train_neg" 0- "${others[@]}"
    link_recordings "$split/test_pos" "$split/test_neg" 0- "$held"
    train "$split" "$root/$held"
    local summary
    summary=$(evaluate "$root/$held/model.safetensors" "$split/test_pos" "$split/test_neg" "$root/$held/eval")
    echo "{\"held_out\": \"$held\", \"digit\": $digit, \"steps\": $steps, \"summary\": $summary}"
}

# run_members SPEAKER: the MEMBERS runs' models that held SPEAKER out, evaluated together on his recordings.
run_members() {
    local held=$1 split=$root/$1/data member models=() list summary
    for member in "${members[@]}"; do models+=("runs/fsdd/$member/$held/model.safetensors"); done
    rm -rf "$split"
    link_recordings "$split/test_pos" "$split/test_neg" 0- "$held"
    summary=$(evaluate "${models[0]}" "$split/test_pos" "$split/test_neg" "$root/$held/eval" "${models[@]:1}")
    list=$(printf '"%s", ' "${members[@]}")
    echo "{\"held_out\": \"$held\", \"digit\": $digit, \"members\": [${list%, }], \"summary\": $summary}"
}

# test_speaker OUT TAKES SPEAKER FIELDS: evaluates OUT's model on SPEAKER's recordings of TAKES
# (OUT/eval-$SPEAKER) and prints a JSON line that starts with FIELDS.
test_speaker() {
    local out=$1 takes=$2 speaker=$3 summary
    link_recordings "$out/data/$speaker/test_pos" "$out/data/$speaker/test_neg" "$takes" "$speaker"
    summary=$(evaluate "$out/model.safetensors" "$out/data/$speaker/test_pos" "$out/data/$speaker/test_neg" "$out/eval-$speaker")
    echo "{$4, \"digit\": $digit, \"steps\": $steps, \"summary\": $summary}"
}

# run_enrolled SPEAKER: the other speakers and SPEAKER's takes below ENROLL train; his other takes test.
run_enrolled() {
    local held=$1 out=$root/enroll-$ENROLL-$1 others
    mapfile -t others < <(grep -vx "$held" <<< "$all_speakers")
    rm -rf "$out/data"
    link_recordings "$out/data/train_pos" "$out/data/train_neg" 0- "${others[@]}"
    link_recordings "$out/data/train_pos" "$out/data/train_neg" "0-$((ENROLL - 1))" "$held"
    train "$out/data" "$out"
    test_speaker "$out" "$ENROLL-" "$held" "\"held_out\": \"$held\", \"enrolled_takes\": \"0-$((ENROLL - 1))\""
}

run_set() {
    local set=$1 out=$root/on-$1 speaker trained_on
    local heard=()
    IFS=+ read -r -a heard <<< "$set"
    rm -rf "$out/data"
    link_recordings "$out/data/train_pos" "$out/data/train_neg" 0- "${heard[@]}"
    train "$out/data" "$out"
    trained_on=$(printf '"%s", ' "${heard[@]}")
    for speaker in $all_speakers; do
        [[ "+$set+" == *"+$speaker+"* ]] && continue
        test_speaker "$out" 0- "$speaker" "\"trained_on\": [${trained_on%, }], \"held_out\": \"$speaker\""
    done
}

# run_takes N: one model on takes N and up of every speaker, tested on each speaker's takes below N.
run_takes() {
    local first=$1 out=$root/takes-from-$1 speaker
    rm -rf "$out/data"
    link_recordings "$out/data/train_pos" "$out/data/train_neg" "$first-" $all_speakers
    train "$out/data" "$out"
    for speaker in $all_speakers; do
        test_speaker "$out" "0-$((first - 1))" "$speaker" "\"heard_speaker\": \"$speaker\", \"test_takes\": \"0-$((first - 1))\""
    done
}

if [ "$jobs" -le 1 ]; then
    for unit in "${units[@]}"; do $work "$unit"; done
else
    export DOTNET_PROCESSOR_COUNT=1
    running=0
    for unit in "${units[@]}"; do
        $work "$unit" &
        running=$((running + 1))
        if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
    done
    # wait -n returns each run's status, so under set -e a failed run fails the benchmark.
    while [ "$running" -gt 0 ]; do wait -n; running=$((running - 1)); done
fi
