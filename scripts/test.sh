#!/usr/bin/env bash
# Runs Buildlab's whole test suite against real parts: the lab's Docker Engine, registry and images,
# an embedded PostgreSQL, and Debian's Chromium. Needs a Debian machine as root (the lab set-up
# installs packages); it is what CI runs.
set -euo pipefail

export BUILDLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$BUILDLAB_ROOT"
source scripts/node.sh

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "[test] the test suite needs a Debian machine as root: it installs Docker Engine, a registry and Chromium from Debian's packages." >&2
  exit 1
fi

bash scripts/lab.sh

if [ ! -x /usr/bin/chromium ]; then
  echo "[test] installing Debian's Chromium for the browser tests"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
fi

source scripts/prepare.sh

results="$BUILDLAB_ROOT/.data/test-results"
rm -rf "$results" && mkdir -p "$results"
status=0

echo "[test] type check"
npx tsc --noEmit || status=1

echo "[test] unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$results/unit.json" || status=1

echo "[test] integration tests (real Docker Engine, registry, PostgreSQL)"
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$results/integration.json" || status=1

echo "[test] browser tests (Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" npx playwright test --reporter=list,json || status=1

echo "[test] checking that the tests left no containers or volumes behind"
npx tsx scripts/check-leftovers.ts || status=1

npx tsx scripts/summarize-tests.ts "$results" || status=1
exit "$status"
