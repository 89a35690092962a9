#!/usr/bin/env bash
# Runs every test of Headroom. Installs nothing it does not need; fails (never
# skips) when a required tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "test.sh: '$1' is required but not installed: $2" >&2; exit 1; }
}
need cargo "install Rust (rustup) first; see ../shared/TOOLCHAIN.md"

log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== engine, formats, presets and command line: unit, property and CLI tests"
cargo test --locked --all-features 2>&1 | tee "$log"

echo "== the benchmark still compiles (run it with: cargo bench --bench engine)"
cargo check --locked --benches -q 2>&1

echo "== the engine builds for the browser (wasm32)"
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
cargo check --locked --lib --target wasm32-unknown-unknown -q 2>&1

echo "== lints"
cargo clippy --locked --all-targets -q -- -D warnings 2>&1

# One closing line for the whole run, summed over every test binary.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed;?$/) p += $(i-1); if ($i ~ /^failed;?$/) f += $(i-1) } }
     END { printf "total: %d passed, %d failed\n", p, f; if (p == 0) exit 1 }' "$log"
