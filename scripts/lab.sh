#!/usr/bin/env bash
# Brings up what Buildlab's builds need on a Debian 12 machine without systemd, making only what
# is missing: Debian packages, dockerd on /var/run/docker.sock, the registry on 127.0.0.1:5000,
# and the lab images from the recipes in lab/. Takes a few seconds when everything is up.
#
# Usage: sudo scripts/lab.sh
# Prints one line per component. Logs are in /var/log/buildlab/, caches in /var/cache/buildlab/.
# Settings (optional):
#   BUILDLAB_DEBIAN_MIRROR                 Debian mirror URL for debootstrap (default: from apt sources)
#   BUILDLAB_LAB_DOCKERD_TIMEOUT_SECONDS   seconds to wait for dockerd to respond to /_ping (default 60)
#   BUILDLAB_LAB_REGISTRY_TIMEOUT_SECONDS  seconds to wait for the registry to respond to /v2/ (default 30)
#   BUILDLAB_LAB_LOCK_TIMEOUT_SECONDS      seconds to wait for another run of this script (default 1800)
set -Eeuo pipefail

LAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

for part in common packages dockerd registry debian-mirror kaniko-executor images; do
  # shellcheck source=/dev/null
  source "$LAB_ROOT/scripts/lab/$part.sh"
done

trap 'lab_on_error $? "$LINENO" "${BASH_SOURCE[0]}" "$BASH_COMMAND"' ERR
trap 'lab_kaniko_stop_build; lab_clean_up' EXIT

lab_require_root
mkdir -p "$LAB_LOG_DIR" "$LAB_CACHE_DIR"
lab_take_lock

lab_ensure_packages
lab_ensure_dockerd
lab_ensure_registry
lab_ensure_images
