#!/usr/bin/env bash
# Installs, only where missing, the pinned tools that build and test the
# browser app (see ../shared/TOOLCHAIN.md). Sourced by serve.sh and test.sh;
# every tool comes from a package registry (crates.io, npm, Debian).
#   need_web_build : wasm32 target, Trunk, wasm-bindgen CLI, wasm-opt
#   need_browser   : Chromium and Playwright (playwright-core) for the e2e tests
#   need_leptosfmt : leptosfmt, which formats the app's view! bodies
set -euo pipefail

TRUNK_VERSION=0.21.14
LEPTOSFMT_VERSION=0.1.33
BINARYEN_VERSION=132.0.0
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

say() { echo "tools: $*" >&2; }

# The wasm-bindgen CLI must be exactly the library version Cargo.lock resolved.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to run: $*"; return 1; fi
}

need_npm_packages() {
  # package.json / package-lock.json pin binaryen and playwright-core.
  if [ ! -x "$ROOT/node_modules/.bin/wasm-opt" ] || [ ! -d "$ROOT/node_modules/playwright-core" ]; then
    command -v npm >/dev/null || { say "npm is required (Node 20) to install wasm-opt and Playwright"; return 1; }
    say "installing npm packages (binaryen $BINARYEN_VERSION, playwright-core)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

need_web_build() {
  command -v cargo >/dev/null || { say "cargo is required: install Rust with rustup"; return 1; }
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing Trunk $TRUNK_VERSION (about 5 minutes, once)"
    cargo install --locked trunk --version "$TRUNK_VERSION" --force
  fi
  local wbg; wbg="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg" ]; then
    say "installing wasm-bindgen-cli $wbg (about 2 minutes, once)"
    # Not --locked: its lock pins a webpki-roots the registry no longer has.
    cargo install wasm-bindgen-cli --version "$wbg" --force
  fi
  need_npm_packages
}

need_leptosfmt() {
  if [ "$(leptosfmt --version 2>/dev/null)" != "leptosfmt $LEPTOSFMT_VERSION" ]; then
    say "installing leptosfmt $LEPTOSFMT_VERSION (about 3 minutes, once)"
    cargo install --locked leptosfmt --version "$LEPTOSFMT_VERSION" --force
  fi
}

need_browser() {
  if ! command -v chromium >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  need_npm_packages
}
