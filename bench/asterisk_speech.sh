#!/usr/bin/env bash
# Real recorded speech for wake_fsdd.sh's EXTRA=DIR, from Debian's Asterisk prompt packages (installed when missing):
# six voices (US English and Mexican Spanish by one speaker, Canadian French, two Italian, Russian) reading numbers,
# letters and symbols, 8 kHz 16-bit WAV like the FSDD recordings.
# Usage: [VOICES="VOICE ..."] [DIGIT_WORDS=en|all] bench/asterisk_speech.sh OUT [DIGIT] [COPIES]
#   VOICES   the voices whose clips go into OUT/neg (default all six: en_US_f_Allison es_MX_f_Allison fr_CA_f_June
#            it_IT_m_Carlo it_IT_f_Menardi ru_RU_f_IvrvoiceRU)
#   OUT/neg  the voices' digits and letters clips, but the English ones whose names hold DIGIT: every one that says
#            the wake word (7, 17, 70, h-7 "seventh", ...) and a few that do not (mon-7 "August", ascii37 "percent");
#            with DIGIT_WORDS=all, every voice's clips whose names hold DIGIT ("siete", "sept", "семь", ...) as well
#   OUT/pos  the English voice's DIGIT, linked COPIES times (default 50, one FSDD speaker's number of takes) so that
#            the one recording is drawn as often as a training speaker's
# OUT/pos and OUT/neg are made anew; nothing else in OUT is touched.
set -euo pipefail
out=${1:?usage: bench/asterisk_speech.sh OUT [DIGIT] [COPIES]}
digit=${2:-7}
copies=${3:-50}
digit_words=${DIGIT_WORDS:-en}
if [ "$digit_words" != en ] && [ "$digit_words" != all ]; then
    echo "asterisk_speech.sh: DIGIT_WORDS must be en or all; got \"$digit_words\"." >&2
    exit 1
fi
if ! [[ "$digit" =~ ^[0-9]$ && "$copies" =~ ^[1-9][0-9]*$ ]]; then
    echo "asterisk_speech.sh: DIGIT must be one digit (0-9) and COPIES a positive number; got \"$digit\" and \"$copies\"." >&2
    exit 1
fi
sounds=/usr/share/asterisk/sounds
packages=(asterisk-core-sounds-en-wav asterisk-core-sounds-es-wav asterisk-core-sounds-fr-wav asterisk-core-sounds-it-wav
    asterisk-core-sounds-ru-wav asterisk-prompt-it-menardi-wav)
all_voices=(en_US_f_Allison es_MX_f_Allison fr_CA_f_June it_IT_m_Carlo it_IT_f_Menardi ru_RU_f_IvrvoiceRU)
read -r -a voices <<< "${VOICES:-${all_voices[*]}}"
for voice in "${voices[@]}"; do
    if [[ " ${all_voices[*]} " != *" $voice "* ]]; then
        echo "asterisk_speech.sh: no voice \"$voice\" (the voices: ${all_voices[*]})." >&2
        exit 1
    fi
done
missing=0
for voice in "${all_voices[@]}"; do [ -d "$sounds/$voice/digits" ] || missing=1; done
if [ "$missing" -eq 1 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "asterisk_speech.sh: $sounds lacks the prompts; install ${packages[*]} (Debian) first." >&2
        exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}" >/dev/null
fi
rm -rf "$out/pos" "$out/neg"
mkdir -p "$out/pos" "$out/neg"
for voice in "${voices[@]}"; do
    for folder in digits letters; do
        for file in "$sounds/$voice/$folder"/*.wav; do
            name=${file##*/}
            [[ ( "$voice" == en_* || "$digit_words" == all ) && "$name" == *"$digit"* ]] && continue
            ln -s "$file" "$out/neg/asterisk-${voice}-${folder}-$name"
        done
    done
done
for i in $(seq -w 1 "$copies"); do
    ln -s "$sounds/en_US_f_Allison/digits/$digit.wav" "$out/pos/asterisk-en_US_f_Allison-$digit-copy$i.wav"
done
echo "asterisk_speech.sh: $(ls "$out/neg" | wc -l) other clips, $copies links to one wake-word clip in $out" >&2
