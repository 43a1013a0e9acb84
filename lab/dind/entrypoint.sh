#!/bin/sh
# Entry point of buildlab/dind:lab. Runs dockerd with the arguments given when they are options
# (or none), and any other command as it is, such as `dockerd -H unix:///run/x/docker.sock`.
set -e

case "${1:-}" in
  "" | -*) set -- dockerd "$@" ;;
esac

exec "$@"
