#!/usr/bin/env bash
# Brings up Buildlab with everything it needs and serves it at http://127.0.0.1:${PORT:-3000}.
#   - On a Debian machine as root, it first runs scripts/lab.sh (Docker Engine, a registry on
#     127.0.0.1:5000 and the local base images), which is quick when they are already up.
#     BUILDLAB_LAB=0 skips that; elsewhere, for example on a laptop with Docker, it is skipped.
#   - Without DATABASE_URL it starts an embedded PostgreSQL with its data under $BUILDLAB_DATA_DIR.
set -euo pipefail

export BUILDLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$BUILDLAB_ROOT"
source scripts/node.sh

if [ "${BUILDLAB_LAB:-auto}" != "0" ] && [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null; then
  bash scripts/lab.sh
elif ! curl -sf --max-time 3 --unix-socket "${DOCKER_SOCKET:-/var/run/docker.sock}" http://docker/_ping >/dev/null 2>&1 && [ -z "${DOCKER_HOST:-}" ]; then
  echo "[start] warning: no Docker Engine answers on /var/run/docker.sock; the dashboard starts, but builds will show the engine as unavailable."
fi

source scripts/prepare.sh
exec npx tsx scripts/serve.ts
