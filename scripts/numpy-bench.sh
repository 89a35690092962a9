#!/usr/bin/env bash
# The simulation benchmark written in plain NumPy (scripts/numpy_bench.py):
# 10,000 paths x 36 months of the benchmark plan (as tests/e2e/report.mjs
# builds it), for comparison with `headroom simulate` and the browser.
# NumPy is pinned and installed once into a venv under target/, leaving the
# system Python untouched. Arguments go to the script, e.g. --json, or
# --check to compare its totals with target/native/headroom (100,000 paths).
set -euo pipefail
cd "$(dirname "$0")/.."
NUMPY_VERSION=2.4.6 # needs Python >= 3.11
VENV=target/numpy-venv
PY="$VENV/bin/python"
if ! "$PY" -c "import numpy, sys; sys.exit(numpy.__version__ != '$NUMPY_VERSION')" 2>/dev/null; then
  echo "Installing numpy==$NUMPY_VERSION into $VENV" >&2
  python3 -m venv "$VENV"
  "$PY" -m pip install --quiet --disable-pip-version-check "numpy==$NUMPY_VERSION"
fi
exec "$PY" scripts/numpy_bench.py "$@"
