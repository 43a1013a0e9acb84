#!/bin/sh
# Writes data/: 30 folders of 100 small text files each, every file with its own content. The files
# are committed, because a sample is stored as it is. Run this again only to change their number.
# Usage: sh generate.sh   (from this folder)
set -eu

FOLDERS=30
FILES_PER_FOLDER=100

rm -rf data
folder=1
while [ "$folder" -le "$FOLDERS" ]; do
  dir=$(printf 'data/folder-%02d' "$folder")
  mkdir -p "$dir"
  file=1
  while [ "$file" -le "$FILES_PER_FOLDER" ]; do
    printf 'folder %d, file %d of the Buildlab many-files sample\n' "$folder" "$file" >"$(printf '%s/file-%03d.txt' "$dir" "$file")"
    file=$((file + 1))
  done
  folder=$((folder + 1))
done
