# Sourced by the bench scripts that run PyTorch: installs Debian's python3-torch and OpenBLAS when missing (as root)
# and defines how PyTorch is run "tuned".
#
# PyTorch is measured twice. "As installed": Debian's defaults, untouched. "Tuned": in a virtual machine OpenBLAS
# may not recognise the processor and fall back to lesser kernels (generic SSE3 "Prescott", or AVX2 on an AVX-512
# CPU), up to several times slower than it can be, so the fastest kernel family the CPU's flags allow is named; and
# OpenMP's threads wait passively, because their default spinning collapses when anything else shares the two cores.
# The tuned figure is the fair target.
#
# Defines: installed_core (OpenBLAS's own choice), tuned_core (empty when OpenBLAS already recognises the CPU),
# and tuned THREADS COMMAND... (runs COMMAND with the tuned environment and THREADS OpenBLAS threads).

need=()
/usr/bin/python3 -c 'import torch' 2>/dev/null || need+=(python3-torch)
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || need+=(libopenblas0-pthread)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bench: needs ${need[*]}; run as root or: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

installed_core=$(OPENBLAS_VERBOSE=2 /usr/bin/python3 -c 'import numpy' 2>&1 | sed -n 's/^Core: //p' | head -1)
# OpenBLAS may not know the processor (a virtual machine, a newer CPU) and choose a lesser kernel family than its
# flags allow: Prescott (SSE3) for an unknown CPU, Haswell or Zen (AVX2) on an AVX-512 one. Time numpy's sgemm at
# 1024³ with each family the flags allow, OpenBLAS's own choice included, and keep the fastest.
candidates=("$installed_core")
case "$(grep -m1 '^flags' /proc/cpuinfo)" in
  *avx512f*) candidates+=(SkylakeX Cooperlake Haswell) ;;
  *avx2*) candidates+=(Haswell Zen) ;;
esac
tuned_core=""
best=0
for core in "${candidates[@]}"; do
  rate=$(OPENBLAS_CORETYPE=$core /usr/bin/python3 -c '
import time, numpy as np
a = np.random.rand(1024, 1024).astype(np.float32); b = np.random.rand(1024, 1024).astype(np.float32)
a @ b; n = 0; start = time.perf_counter()
while time.perf_counter() - start < 1: a @ b; n += 1
print(int(2 * 1024**3 * n / (time.perf_counter() - start) / 1e6))')
  if [ "$rate" -gt "$best" ]; then best=$rate; tuned_core=$core; fi
done
[ "$tuned_core" = "$installed_core" ] && tuned_core=""
tuned() {
  local threads=$1
  shift
  env ${tuned_core:+OPENBLAS_CORETYPE=$tuned_core} OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS="$threads" "$@"
}
