#!/usr/bin/env bash
# npm start: install dependencies when they are missing or stale, then hand over to scripts/start.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.stockpulse-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[stockpulse] installing dependencies (npm ci)..."
  # The lock names every platform's optional native package (tailwind oxide, next swc, chdb), so
  # `npm ci` installs it as it is. The registry reached here has no chdb builds for macOS or
  # linux-arm64: their lock entries carry no tarball, and a machine of those kinds cannot run chdb.
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi
exec node --import tsx scripts/start.ts
