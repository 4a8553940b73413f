#!/usr/bin/env bash
# npm start: install dependencies when they are missing or stale, then hand over to scripts/start.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.stockpulse-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[stockpulse] installing dependencies (npm ci)..."
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi
exec node --import tsx scripts/start.ts
