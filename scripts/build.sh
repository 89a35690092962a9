#!/usr/bin/env bash
# Builds the browser app into dist/ (release: size-optimised wasm, wasm-opt -Oz),
# installing the pinned build tools first if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
need_web_build
trunk build --release "$@"
