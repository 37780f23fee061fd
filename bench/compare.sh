#!/usr/bin/env bash
# Runs PyTorch and Recurrent on the same configurations, one after the other in one run, with the same thread
# count, and writes both figures and their ratio to bench/results.md.
#   bench/compare.sh [--seconds S] [--threads N]
# Installs Debian's python3-torch and OpenBLAS when missing (bench/pytorch_env.sh); numpy's matmul runs OpenBLAS sgemm.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=10
threads=$(nproc)
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "compare.sh: unknown option $1 (use --seconds S, --threads N)" >&2; exit 2 ;;
  esac
done

# shellcheck source=bench/pytorch_env.sh
source bench/pytorch_env.sh

./rnn --version >/dev/null   # builds the tool once, outside the measurements
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# name | mode | arguments shared by both sides
configs=(
  "1. train LSTM H256|train|--cell lstm --vocab 65 --embedding 64 --hidden 256 --layers 2 --seq-len 64 --batch 32"
  "1. train GRU H256|train|--cell gru --vocab 65 --embedding 64 --hidden 256 --layers 2 --seq-len 64 --batch 32"
  "1. train RNN H256|train|--cell rnn --vocab 65 --embedding 64 --hidden 256 --layers 2 --seq-len 64 --batch 32"
  "2. train LSTM H512|train|--cell lstm --vocab 65 --embedding 64 --hidden 512 --layers 2 --seq-len 100 --batch 32"
  "2. train GRU H512|train|--cell gru --vocab 65 --embedding 64 --hidden 512 --layers 2 --seq-len 100 --batch 32"
  "3. stream LSTM H256|stream|--cell lstm --vocab 65 --embedding 64 --hidden 256 --layers 2"
  "3. stream GRU H256|stream|--cell gru --vocab 65 --embedding 64 --hidden 256 --layers 2"
  "4. infer LSTM H512|infer|--cell lstm --vocab 65 --embedding 64 --hidden 512 --layers 2 --seq-len 100 --batch 64"
  "5. gemm 1024^3|gemm|--m 1024 --n 1024 --k 1024"
  "5. gemm LSTM step x.W_hh^T|gemm|--m 32 --n 1024 --k 256 --transpose-b"
  "5. gemm LSTM input x.W_ih^T|gemm|--m 2048 --n 1024 --k 64 --transpose-b"
  "5. gemm LSTM stream h.W_hh^T|gemm|--m 1 --n 1024 --k 256 --transpose-b"
)
for entry in "${configs[@]}"; do
  IFS='|' read -r name mode args <<<"$entry"
  echo "== $name" >&2
  # shellcheck disable=SC2086
  /usr/bin/python3 bench/pytorch_bench.py "$mode" $args --threads "$threads" --seconds "$seconds" >"$out/$name.installed"
  # shellcheck disable=SC2086
  tuned "$threads" /usr/bin/python3 bench/pytorch_bench.py "$mode" $args --threads "$threads" --seconds "$seconds" >"$out/$name.torch"
  # shellcheck disable=SC2086
  ./rnn bench "$mode" $args --threads "$threads" --seconds "$seconds" --json >"$out/$name.ours"
done
echo "== thread scaling" >&2
# shellcheck disable=SC2086
./rnn bench train ${configs[0]##*|} --threads 1 --seconds "$seconds" --json >"$out/scaling.1"

/usr/bin/python3 - "$out" "$threads" "$seconds" "${installed_core:-unknown}" "${tuned_core:-$installed_core}" "${configs[@]}" >"$out/results.md" <<'PY'
import datetime, json, os, platform, subprocess, sys
out, threads, seconds, installed_core, tuned_core, configs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
torch_version = subprocess.run(["/usr/bin/python3", "-c", "import torch; print(torch.__version__)"], capture_output=True, text=True).stdout.strip()
rows = []
for entry in configs:
    name, mode, args = entry.split("|")
    installed = json.load(open(os.path.join(out, name + ".installed")))
    theirs = json.load(open(os.path.join(out, name + ".torch")))
    ours = json.load(open(os.path.join(out, name + ".ours")))
    if mode == "stream":
        key, unit = "microseconds_per_step", "µs/step"
        ratio = lambda torch: torch[key] / ours[key]
    else:
        key, unit = ("gflops", "GFLOP/s") if mode == "gemm" else ("tokens_per_second", "tokens/s")
        ratio = lambda torch: ours[key] / torch[key]
    memory = f'{ours["peak_working_set_mb"]:.0f} / {theirs["peak_working_set_mb"]:.0f}' if "peak_working_set_mb" in ours else ""
    rows.append(f"| {name} | {installed[key]:,.1f} | {theirs[key]:,.1f} | {ours[key]:,.1f} | {unit} | {ratio(installed):.2f}× | **{ratio(theirs):.2f}×** | {memory} |")
one = json.load(open(os.path.join(out, "scaling.1")))["tokens_per_second"]
many = json.load(open(os.path.join(out, configs[0].split("|")[0] + ".ours")))["tokens_per_second"]
print(f"## Recurrent vs PyTorch on a CPU\n")
print(f"Measured by `bench/compare.sh` on {datetime.date.today().isoformat()}: {cpu}, {os.cpu_count()} cores, "
      f"{threads} threads on both sides, {seconds} s per measurement (median of 5 windows after a warm-up). "
      f"PyTorch {torch_version} (Debian, OpenBLAS). GEMM reference: numpy float32 `matmul` (OpenBLAS sgemm).\n")
print(f"PyTorch is measured as installed (OpenBLAS picks its `{installed_core}` kernels, OpenMP spins while waiting) and "
      f"tuned (`OPENBLAS_CORETYPE={tuned_core}`, `OMP_WAIT_POLICY=PASSIVE`); the tuned figure is the one to beat.\n")
print("Speed-up is Recurrent over PyTorch (higher is better; for the streaming step, PyTorch's time over ours). "
      "Memory is the peak working set in MB, Recurrent / tuned PyTorch (each side's whole process).\n")
print("| configuration | PyTorch as installed | PyTorch tuned | Recurrent | unit | vs installed | vs tuned | memory MB |")
print("|---|---:|---:|---:|---|---:|---:|---|")
print("\n".join(rows))
print("\nArguments: " + "; ".join(f"{e.split('|')[0]}: `{e.split('|')[2]}`" for e in configs) + ".")
print(f"\nThread scaling (config 1 LSTM training): {one:,.0f} tokens/s on 1 thread, {many:,.0f} on {threads}: **{many / one:.2f}×**.")
PY
# The comparison owns its section of bench/results.md; other benchmarks keep theirs.
/usr/bin/python3 - "$out/results.md" <<'PY'
import re, sys
new = open(sys.argv[1]).read().strip() + "\n"
path = "bench/results.md"
try:
    old = open(path).read()
except FileNotFoundError:
    old = ""
start = "<!-- compare.sh: begin -->\n"
end = "<!-- compare.sh: end -->\n"
block = start + new + end
if start in old and end in old:
    old = old[:old.index(start)] + block + old[old.index(end) + len(end):]
else:
    old = block + ("\n" + old if old else "")
open(path + ".tmp", "w").write(old)
import os
os.replace(path + ".tmp", path)
print(new)
PY
