#!/usr/bin/env bash
# Size and speed report of the browser app: gzip size of the wasm and JS in
# dist/, and, in headless Chromium, the time from navigation to the first
# drawn chart and the median edit-to-redraw time for the default plan.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null 2>&1 || bash scripts/build.sh
source scripts/tools.sh
need_browser
node tests/e2e/report.mjs
