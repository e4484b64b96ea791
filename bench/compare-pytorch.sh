#!/usr/bin/env bash
# Blend's NDT training step beside a stock-PyTorch NDT step of the same size (bench/torch_ndt_step.py: batch 64 × 180
# bins × 182 neurons, 4 layers, 789,846 parameters, masking + forward + backward + clipping + AdamW), alternating,
# ROUNDS times each, in one command, and the ratio of their medians. The machines these run on are shared and noisy, so
# only the ratio within one run means something.
#   bench/compare-pytorch.sh [ROUNDS] [THREADS]
# Needs Debian's python3-torch and OpenBLAS (Debian's torch uses the slow reference BLAS otherwise); installs both
# when missing and it may (root).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
threads=${2:-2}
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  apt-get install -y -qq python3-torch >/dev/null
fi
ob=${OB:-/tmp/blend-openblas/usr/lib/x86_64-linux-gnu/openblas-pthread}
if [ ! -e "$ob/libblas.so.3" ]; then
  (cd /tmp && rm -f libopenblas0-pthread_*.deb && apt-get download libopenblas0-pthread >/dev/null 2>&1 && dpkg -x libopenblas0-pthread_*.deb /tmp/blend-openblas)
fi
# Blend runs as ./blend runs it: with tcmalloc (installed here when missing and possible); BLEND_ALLOCATOR=system
# keeps glibc's malloc, BLEND_ALLOCATOR=jemalloc uses jemalloc with purging off.
allocator=(env)
case "${BLEND_ALLOCATOR:-tcmalloc}" in
  tcmalloc) library=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4; package=libtcmalloc-minimal4; conf=() ;;
  jemalloc) library=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2; package=libjemalloc2; conf=("MALLOC_CONF=${MALLOC_CONF:-dirty_decay_ms:-1,muzzy_decay_ms:-1}") ;;
  *) library=""; package=""; conf=() ;;
esac
if [ -n "$library" ]; then
  if [ ! -e "$library" ]; then apt-get install -y -qq "$package" >/dev/null 2>&1 || true; fi
  [ -e "$library" ] && allocator=(env "LD_PRELOAD=$library" "${conf[@]}")
fi
echo "Blend's allocator: $([ ${#allocator[@]} -gt 1 ] && echo "${BLEND_ALLOCATOR:-tcmalloc}" || echo glibc)"
dotnet build bench/Blend.Bench -c Release -nologo -v quiet -clp:NoSummary >/dev/null
bench=bench/Blend.Bench/bin/Release/net10.0/linux-x64/Blend.Bench.dll
blend_times=() torch_times=() blend_rss=() torch_rss=()
for round in $(seq 1 "$rounds"); do
  out=$(LD_LIBRARY_PATH=$ob OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_ndt_step.py --steps 16 --threads "$threads")
  torch_times+=("$(echo "$out" | sed -E 's/.*"median_s": ([0-9.e-]+).*/\1/')")
  torch_rss+=("$(echo "$out" | sed -E 's/.*"peak_rss_mb": ([0-9.]+).*/\1/')")
  out=$("${allocator[@]}" dotnet "$bench" train --steps 16 --memory-steps 0 --threads "$threads")
  blend_times+=("$(echo "$out" | sed -nE 's/^training .*\(([0-9]+) ms\/step.*/\1/p' | awk '{print $1 / 1000}')")
  blend_rss+=("$(echo "$out" | sed -nE 's/^peak RSS +([0-9]+) MB.*/\1/p')")
  echo "round $round: PyTorch ${torch_times[-1]} s/step, ${torch_rss[-1]} MB; Blend ${blend_times[-1]} s/step, ${blend_rss[-1]} MB"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
t=$(median "${torch_times[@]}"); b=$(median "${blend_times[@]}")
awk -v t="$t" -v b="$b" -v tr="$(median "${torch_rss[@]}")" -v br="$(median "${blend_rss[@]}")" 'BEGIN {
  printf "median: PyTorch %.3f s/step, Blend %.3f s/step: Blend is %.2fx PyTorch'"'"'s speed; peak RSS PyTorch %.0f MB, Blend %.0f MB (%.2fx)\n", t, b, t / b, tr, br, br / tr }'
