# shellcheck shell=bash disable=SC2034
# The Kaniko executor binary, compiled from the Go module in lab/kaniko/. Binaries are kept in
# /var/cache/buildlab/kaniko/ under a key of the module files and link flags, so remaking the image
# for a recipe change that leaves those alone does not compile again.
# The functions read KANIKO_PACKAGE, KANIKO_VERSION, KANIKO_LDFLAGS and RECIPE_DIR, which
# lab/kaniko/recipe.sh sets. The executor never runs on this machine: it rewrites the root
# filesystem of wherever it runs.

LAB_KANIKO_BUILD_LOG="$LAB_LOG_DIR/kaniko-build.log"
LAB_KANIKO_BUILD_PID=""

lab_kaniko_cache_path() {
  local key
  key=$({
    cat "$RECIPE_DIR/go.mod" "$RECIPE_DIR/go.sum" "$RECIPE_DIR/tools.go"
    echo "$KANIKO_PACKAGE $KANIKO_LDFLAGS"
  } | sha256sum | cut -c1-16)
  echo "$LAB_CACHE_DIR/kaniko/executor-$KANIKO_VERSION-$key"
}

lab_kaniko_find_go() {
  if command -v go; then
    return
  fi
  if [ -x /usr/local/go/bin/go ]; then
    echo /usr/local/go/bin/go
    return
  fi
  return 1
}

# Starts compiling the executor in the background unless the cache already has it, and sets
# LAB_KANIKO_BINARY to the path in the cache.
lab_kaniko_start_build() {
  local go
  LAB_KANIKO_BINARY=$(lab_kaniko_cache_path)
  if [ -x "$LAB_KANIKO_BINARY" ]; then
    return
  fi
  if ! go=$(lab_kaniko_find_go); then
    lab_fail "compiling the Kaniko executor needs Go 1.24 or newer, and no go command was found on PATH or in /usr/local/go/bin; install Go and run this again"
  fi

  lab_make_work_dir
  LAB_KANIKO_BUILD_DIR=$LAB_WORK_DIR
  cp "$RECIPE_DIR/go.mod" "$RECIPE_DIR/go.sum" "$RECIPE_DIR/tools.go" "$LAB_KANIKO_BUILD_DIR/"
  LAB_KANIKO_BUILD_START=$(lab_now)
  echo "--- compiling $KANIKO_PACKAGE@$KANIKO_VERSION with $("$go" version)" >"$LAB_KANIKO_BUILD_LOG"
  lab_info "compiling the Kaniko executor $KANIKO_VERSION in the background (a few minutes; log in $LAB_KANIKO_BUILD_LOG)"

  # `go install PACKAGE@VERSION` fails here because the Go module proxy responds to the
  # module's version list with 403 Forbidden. Building inside a module that requires the version avoids
  # that list; -mod=mod lets go fetch what go.sum lists. The build runs on a copy of the module
  # folder because -mod=mod may rewrite go.mod and go.sum. setsid makes the go command lead its
  # own process group, so that lab_kaniko_stop_build can stop its compilers with it.
  (cd "$LAB_KANIKO_BUILD_DIR" &&
    exec setsid env CGO_ENABLED=0 GOFLAGS=-mod=mod "$go" build -ldflags "$KANIKO_LDFLAGS" \
      -o "$LAB_KANIKO_BUILD_DIR/executor" "$KANIKO_PACKAGE") </dev/null >>"$LAB_KANIKO_BUILD_LOG" 2>&1 9>&- &
  LAB_KANIKO_BUILD_PID=$!
}

# Waits for the background compile and moves the binary into the cache.
lab_kaniko_finish_build() {
  local status=0
  wait "$LAB_KANIKO_BUILD_PID" || status=$?
  LAB_KANIKO_BUILD_PID=""
  if [ "$status" -ne 0 ]; then
    lab_fail "compiling the Kaniko executor $KANIKO_PACKAGE@$KANIKO_VERSION failed with status $status" "$LAB_KANIKO_BUILD_LOG"
  fi

  mkdir -p "$(dirname "$LAB_KANIKO_BINARY")"
  mv "$LAB_KANIKO_BUILD_DIR/executor" "$LAB_KANIKO_BINARY"
  lab_remove_work_dir "$LAB_KANIKO_BUILD_DIR"
  lab_report "kaniko executor $KANIKO_VERSION" compiled "$LAB_KANIKO_BUILD_START"
}

# Sets LAB_KANIKO_BINARY to the executor's path, compiling it first when the cache lacks it.
lab_kaniko_executor() {
  if [ -z "$LAB_KANIKO_BUILD_PID" ]; then
    lab_kaniko_start_build
  fi
  if [ -n "$LAB_KANIKO_BUILD_PID" ]; then
    lab_kaniko_finish_build
  fi
}

# Stops a compile that is still running when the script exits early.
lab_kaniko_stop_build() {
  if [ -n "$LAB_KANIKO_BUILD_PID" ] && lab_process_alive "$LAB_KANIKO_BUILD_PID"; then
    kill -- "-$LAB_KANIKO_BUILD_PID" 2>/dev/null || true
    wait "$LAB_KANIKO_BUILD_PID" 2>/dev/null || true
  fi
}
