#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and open the app on the bundled sample
# call. Without a display the app prints the sample as text instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh >/dev/null
exec "${REVOX_BUILD_DIR:-build}/bin/revox-inspector" --sample "$@"
