#!/usr/bin/env bash
# Runs every test of Headroom: the engine, formats and command line (cargo),
# lints for both targets, then the browser app built into dist/ and tested
# end to end in headless Chromium. Installs the pinned tools it needs when
# they are missing (scripts/tools.sh); fails, never skips, if it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh

command -v cargo >/dev/null || { echo "test.sh: cargo is required: install Rust with rustup" >&2; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== engine, formats, presets and command line: unit, property and CLI tests"
cargo test --locked --all-features 2>&1 | tee "$log"

echo "== the benchmark still compiles (run it with: cargo bench --bench engine)"
cargo check --locked --benches -q 2>&1

echo "== formatting (rustfmt, and leptosfmt for the app's view! bodies)"
need_leptosfmt
leptosfmt --check src/ui >/dev/null 2>&1 || { leptosfmt --check src/ui 2>&1 | tail -40; echo "test.sh: run leptosfmt src/ui && cargo fmt --all" >&2; exit 1; }
cargo fmt --all --check 2>&1 || { echo "test.sh: run leptosfmt src/ui && cargo fmt --all" >&2; exit 1; }

echo "== lints (native, and the browser app for wasm32)"
cargo clippy --locked --all-targets -q -- -D warnings 2>&1
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
cargo clippy --locked --target wasm32-unknown-unknown --lib --bins -q -- -D warnings 2>&1

echo "== build the browser app (release, into dist/)"
bash scripts/build.sh 2>&1 | grep -Ev '^\s*(Compiling|Downloaded|Downloading)' || { echo "test.sh: the app build failed" >&2; exit 1; }

echo "== the bundle's size budget"
node scripts/size.mjs dist

echo "== end-to-end tests in headless Chromium against dist/ (screenshots in target/screenshots/)"
need_browser
node --test --test-concurrency=1 --test-reporter=tap tests/e2e/ 2>&1 | tee -a "$log"

# One closing line for the whole run, summed over cargo's and node's results.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed;?$/) p += $(i-1); if ($i ~ /^failed;?$/) f += $(i-1) } }
     /^# pass / { p += $3 } /^# fail / { f += $3 }
     END { printf "total: %d passed, %d failed\n", p, f; if (p == 0 || f > 0) exit 1 }' "$log"
