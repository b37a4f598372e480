#!/usr/bin/env bash
# Builds the benchmarks (Release, in ./build-bench), runs them REVOX_BENCH_RUNS times (default 3)
# and writes docs/benchmarks.md: every figure the median of the runs, with their spread.
# Extra arguments go to `revox-bench run`, e.g. --sizes 100,1000 for a quick look.
# A full run takes several minutes; run it when the machine is quiet (check `uptime`).
# The web peer needs headless Chromium (Debian: `apt-get install chromium`; or set
# REVOX_CHROMIUM=/path/to/chrome); without it that figure is skipped and the report says so.
# `--real-sizes none --web-sizes none` leaves out the real binary's figures for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${REVOX_BENCH_BUILD_DIR:-build-bench}
runs=${REVOX_BENCH_RUNS:-3}

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" --parallel "${REVOX_JOBS:-2}" --target revox-bench

bench="$build_dir/tests/benchmarks/revox-bench"
# Kept after the run, so the report can be rewritten (e.g. after editing the notes) with
# `revox-bench report --notes docs/benchmark-notes.md --out docs/benchmarks.md <dir>/run-*.json`.
results="$build_dir/benchmark-runs"
rm -rf "$results"
mkdir -p "$results"
export QT_QPA_PLATFORM=offscreen
for i in $(seq 1 "$runs"); do
    echo "== run $i of $runs (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    "$bench" run --json "$results/run-$i.json" "$@"
done
"$bench" report --notes docs/benchmark-notes.md --out docs/benchmarks.md "$results"/run-*.json
echo "Wrote docs/benchmarks.md"
