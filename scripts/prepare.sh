#!/usr/bin/env bash
# Installs the npm dependencies, generates the Prisma client and builds the dashboard, each only
# when its inputs changed since the last time. Sourced by start.sh and test.sh after node.sh.
set -euo pipefail

stamp_dir="$BUILDLAB_ROOT/.data/stamps"
mkdir -p "$stamp_dir"

# True when any of the given paths is newer than the stamp file, or the stamp is missing.
changed_since() {
  local stamp="$stamp_dir/$1"
  shift
  [ ! -f "$stamp" ] && return 0
  [ -n "$(find "$@" -newer "$stamp" -type f -not -path '*/node_modules/*' -not -path '*/.next/*' -print -quit 2>/dev/null)" ]
}

cd "$BUILDLAB_ROOT"

if [ ! -d node_modules ] || changed_since npm package.json package-lock.json; then
  echo "[setup] installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp_dir/npm"
fi

if [ ! -f lib/db/generated/client.ts ] || changed_since prisma prisma/schema.prisma; then
  echo "[setup] generating the Prisma client"
  # The CLI requires a schema engine path even for `generate`, which does not use it. Its download
  # host is unreachable on the lab machines, so any executable is accepted.
  PRISMA_SCHEMA_ENGINE_BINARY="$(type -P true)" npx prisma generate >/dev/null
  touch "$stamp_dir/prisma"
fi

if [ "${BUILDLAB_SKIP_BUILD:-0}" != "1" ] && { [ ! -f .next/BUILD_ID ] || changed_since next app components lib samples next.config.js package-lock.json postcss.config.mjs instrumentation.ts proxy.ts tsconfig.json tsconfig.next.json; }; then
  echo "[setup] building the dashboard (next build)"
  NEXT_TELEMETRY_DISABLED=1 npx next build
  touch "$stamp_dir/next"
fi
