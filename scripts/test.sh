#!/usr/bin/env bash
# Runs every test of Headroom. Installs nothing it does not need; fails (never
# skips) when a required tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "test.sh: '$1' is required but not installed: $2" >&2; exit 1; }
}
need cargo "install Rust (rustup) first; see ../shared/TOOLCHAIN.md"

echo "== engine, formats, presets and command line: unit, property and CLI tests"
cargo test --locked --all-features 2>&1

echo "== the benchmark still compiles (run it with: cargo bench --bench engine)"
cargo check --locked --benches -q 2>&1

echo "== lints"
cargo clippy --locked --all-targets -q -- -D warnings 2>&1
