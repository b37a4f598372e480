#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build, and run the whole test suite headless,
# after the fuzz targets' 30-second smoke runs (scripts/run-fuzz-smoke.sh; REVOX_SKIP_FUZZ=1 skips
# them). Exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build_dir=${REVOX_BUILD_DIR:-build}
status=0
# Fuzz smoke first, so the main suite's CTest summary is the last thing printed.
if [ "${REVOX_SKIP_FUZZ:-0}" != 1 ]; then
    scripts/run-fuzz-smoke.sh || status=$?
fi
# Tests pick the offscreen platform themselves; the X server is there for the screenshot tests.
# test-session.sh gives the suite a private D-Bus session with a real, unlocked gnome-keyring.
xvfb-run -a -s "-screen 0 1600x1000x24" scripts/test-session.sh \
    ctest --test-dir "$build_dir" --output-on-failure --timeout 600 "$@" || status=$?
exit "$status"
