#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, REVOX_FUZZ=ON: only src/core and tests/fuzz) into
# ./build-fuzz and runs each one on its committed corpus for REVOX_FUZZ_SMOKE_SECONDS (30 s).
# Called by scripts/run-tests.sh; exits non-zero when a target crashes, leaks, hangs or trips a
# sanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${REVOX_FUZZ_BUILD_DIR:-build-fuzz}
seconds=${REVOX_FUZZ_SMOKE_SECONDS:-30}
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DREVOX_FUZZ=ON -DREVOX_FUZZ_SMOKE_SECONDS="$seconds"
else
    cmake "$build_dir" -DREVOX_FUZZ_SMOKE_SECONDS="$seconds" >/dev/null
fi
cmake --build "$build_dir" --parallel "$(nproc)"
exec ctest --test-dir "$build_dir" --output-on-failure -R '_smoke$'
