#!/usr/bin/env bash
# Size and speed report of the browser app: gzip size of the wasm and JS in
# dist/, and, in headless Chromium, the time from navigation to the first
# drawn chart and the median edit-to-redraw time for the default plan, the
# simulation in the browser (on the page and on 1, 2 and 4 workers), in
# NumPy and on the command line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null 2>&1 || bash scripts/build.sh
# The command line, built for speed, for its line in the simulation figures.
cargo build --locked -q --profile native --bin headroom
# The same model in vectorised NumPy, side by side (pinned NumPy, installed
# into target/numpy-venv from the Python registry on first use).
HEADROOM_NUMPY_LINE="$(bash scripts/numpy-bench.sh --samples 10000)"
export HEADROOM_NUMPY_LINE
source scripts/tools.sh
need_browser
node tests/e2e/report.mjs
