#!/bin/sh
# Writes a small report about the files in this folder into the folder given as $1.
set -eu

out="$1"
mkdir -p "$out"

{
  echo "Buildlab multi-stage sample"
  echo "message: $(cat message.txt)"
  echo "files:"
  for file in *; do
    echo "  $file $(wc -c < "$file") bytes"
  done
  echo "checksums:"
  sha256sum -- * | sed 's/^/  /'
} > "$out/report.txt"

seq 1 100 | awk '{ total += $1 } END { print total }' > "$out/sum.txt"
