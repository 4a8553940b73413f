#!/usr/bin/env bash
# npm start: install dependencies when they are missing or stale, then hand over to scripts/start.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.stockpulse-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[stockpulse] installing dependencies (npm ci)..."
  # npm 11 here leaves other platforms' optional native packages (tailwind oxide, chdb) out of
  # the lock, which `npm ci` then rejects as out of sync; `npm install` installs the same locked
  # versions and leaves the lock as it is.
  npm ci --no-audit --no-fund || npm install --no-audit --no-fund
  echo "$want" > "$stamp"
fi
exec node --import tsx scripts/start.ts
