#!/usr/bin/env bash
# Builds the browser app and serves it with the default plan on a local port
# (PORT, default 8080), rebuilding when the sources change. Installs the
# pinned build tools first if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
need_web_build
PORT="${PORT:-8080}"
echo "Headroom: http://127.0.0.1:$PORT/ (Ctrl+C to stop)"
exec trunk serve --release --port "$PORT" --address 127.0.0.1 --open=false
