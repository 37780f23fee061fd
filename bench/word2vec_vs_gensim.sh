#!/usr/bin/env bash
# Skip-gram with negative sampling, Recurrent against gensim (Debian's python3-gensim 4.2), same corpus and settings:
# training words/second and analogy accuracy side by side. The corpus is every word of ../shared/data (jokes,
# Shakespeare, movie reviews) lower-cased; small, so many analogy questions have unknown words — both tools see
# the same ones. Run on a quiet machine: ./bench/word2vec_vs_gensim.sh [EPOCHS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
epochs=${1:-5}
shared=../shared/data
questions=$shared/word2vec/questions-words.txt
out=runs/bench-word2vec
mkdir -p "$out"
/usr/bin/python3 -c "import gensim" 2>/dev/null || { echo "word2vec_vs_gensim: install python3-gensim (apt-get install -y python3-gensim)" >&2; exit 1; }
cat "$shared"/tinyshakespeare/input.txt "$shared"/rt-polarity/rt-polarity.* \
  | tr '[:upper:]' '[:lower:]' | tr -c "a-z'\n" ' ' > "$out/corpus.txt"
settings=(--dim 100 --window 5 --negative 5 --min-count 5 --sample 1e-3 --epochs "$epochs" --threads 2)

./rnn vectors train --data "$out/corpus.txt" --format lines "${settings[@]}" --out "$out/recurrent.txt"
./rnn vectors eval --vectors "$out/recurrent.txt" --questions "$questions" | tail -n 1

/usr/bin/python3 - "$out" "$epochs" "$questions" <<'PY'
import sys, time
from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence
out, epochs, questions = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sentences = LineSentence(f"{out}/corpus.txt")
start = time.time()
model = Word2Vec(sentences, vector_size=100, window=5, negative=5, hs=0, sg=1, min_count=5, sample=1e-3,
                 epochs=epochs, workers=2, alpha=0.025, min_alpha=0.0001)
elapsed = time.time() - start
words = model.corpus_total_words * epochs
print(f"gensim: trained in {elapsed:.1f} s ({words / elapsed:,.0f} words/s, raw corpus words)")
model.wv.save_word2vec_format(f"{out}/gensim.txt")
score, sections = model.wv.evaluate_word_analogies(questions)
print(f"gensim analogy accuracy {score:.1%} ({sum(len(s['correct']) for s in sections[:-1])} correct)")
PY
./rnn vectors eval --vectors "$out/gensim.txt" --questions "$questions" | tail -n 1
