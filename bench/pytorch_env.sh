# Sourced by the bench scripts that run PyTorch: installs Debian's python3-torch and OpenBLAS when missing (as root)
# and defines how PyTorch is run "tuned".
#
# PyTorch is measured twice. "As installed": Debian's defaults, untouched. "Tuned": in a virtual machine OpenBLAS
# may not recognise the processor and fall back to its generic SSE3 ("Prescott") kernels, several times slower than
# it can be, so the best kernel family the CPU's flags allow is named; and OpenMP's threads wait passively, because
# their default spinning collapses when anything else shares the two cores. The tuned figure is the fair target.
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
tuned_core=""
if [ "$installed_core" = Prescott ]; then
  case "$(grep -m1 '^flags' /proc/cpuinfo)" in
    *avx512_bf16*) tuned_core=Cooperlake ;;
    *avx512f*) tuned_core=SkylakeX ;;
    *avx2*) tuned_core=Haswell ;;
  esac
fi
tuned() {
  local threads=$1
  shift
  env ${tuned_core:+OPENBLAS_CORETYPE=$tuned_core} OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS="$threads" "$@"
}
