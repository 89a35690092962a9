#!/usr/bin/env bash
# Builds the browser app into dist/ (release: size-optimised wasm, then
# wasm-opt -O1, whose output gzips smaller than -Oz's and runs as fast),
# installing the pinned build tools first if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
need_web_build
trunk build --release "$@"
