# shellcheck shell=bash disable=SC2034
# Settings, report lines, failure messages and clean-up shared by scripts/lab.sh and its parts.
# This file is sourced, never run, and the caller sets LAB_ROOT to the repository root.

LAB_LOG_DIR=/var/log/buildlab
LAB_CACHE_DIR=/var/cache/buildlab
LAB_LOCK_FILE=/run/lock/buildlab-lab.lock
LAB_RECIPES_DIR="$LAB_ROOT/lab"

# Debian's 20.10 client, named in full because another client may come first on PATH.
LAB_DOCKER=/usr/bin/docker
LAB_DOCKER_SOCKET=/var/run/docker.sock
export DOCKER_HOST="unix://$LAB_DOCKER_SOCKET"

LAB_REGISTRY_URL=http://127.0.0.1:5000
LAB_REGISTRY_HOST=localhost:5000

# Image label whose value is the hash of the recipe the image was made from.
LAB_RECIPE_LABEL=org.buildlab.lab.recipe

LAB_DOCKERD_TIMEOUT_SECONDS="${BUILDLAB_LAB_DOCKERD_TIMEOUT_SECONDS:-60}"
LAB_REGISTRY_TIMEOUT_SECONDS="${BUILDLAB_LAB_REGISTRY_TIMEOUT_SECONDS:-30}"
LAB_LOCK_TIMEOUT_SECONDS="${BUILDLAB_LAB_LOCK_TIMEOUT_SECONDS:-1800}"

# Folders made by lab_make_work_dir, which lab_clean_up removes at exit if they are still there.
LAB_WORK_DIRS=()

# Prints the current time in microseconds.
lab_now() {
  echo "${EPOCHREALTIME/./}"
}

# Prints one report line: component, what happened, and the seconds since START (from lab_now).
lab_report() {
  local component=$1 outcome=$2 start=$3
  local elapsed_ms=$(( ($(lab_now) - start) / 1000 ))
  printf '[lab] %-48s %-24s %d.%d s\n' "$component" "$outcome" $((elapsed_ms / 1000)) $(( (elapsed_ms % 1000) / 100 ))
}

lab_info() {
  echo "[lab] $*"
}

# Prints MESSAGE, then the last lines of LOG_FILE when one is given, and exits with status 1.
lab_fail() {
  local message=$1 log_file=${2:-}
  echo "[lab] error: $message" >&2
  if [ -n "$log_file" ] && [ -s "$log_file" ]; then
    echo "[lab] last lines of $log_file:" >&2
    tail -n 25 "$log_file" | sed 's/^/[lab]   /' >&2
  fi
  exit 1
}

# ERR trap: names the command that failed unexpectedly and where.
lab_on_error() {
  local status=$1 line=$2 file=$3 command=$4
  echo "[lab] error: '$command' failed with status $status at ${file#"$LAB_ROOT/"}:$line; logs are in $LAB_LOG_DIR" >&2
  exit "$status"
}

lab_require_root() {
  if [ "$(id -u)" -ne 0 ]; then
    lab_fail "scripts/lab.sh installs packages and starts daemons, so it must run as root; run it again with sudo"
  fi
}

# Holds an exclusive lock on LAB_LOCK_FILE until the script exits, so that two runs never make the
# same image or start the same daemon at once. The second run waits, then finds everything up.
lab_take_lock() {
  mkdir -p "$(dirname "$LAB_LOCK_FILE")"
  exec 9>"$LAB_LOCK_FILE"
  if flock --nonblock 9; then
    return
  fi

  lab_info "waiting up to ${LAB_LOCK_TIMEOUT_SECONDS} s for another scripts/lab.sh run to finish (lock $LAB_LOCK_FILE)"
  if ! flock --wait "$LAB_LOCK_TIMEOUT_SECONDS" 9; then
    lab_fail "timed out after ${LAB_LOCK_TIMEOUT_SECONDS} s waiting for the lock $LAB_LOCK_FILE; check which process holds it with 'fuser $LAB_LOCK_FILE'"
  fi
}

# Makes a temporary folder that lab_clean_up removes at exit, and stores its path in LAB_WORK_DIR.
lab_make_work_dir() {
  mkdir -p /var/tmp
  LAB_WORK_DIR=$(mktemp -d /var/tmp/buildlab-lab.XXXXXX)
  LAB_WORK_DIRS+=("$LAB_WORK_DIR")
}

# Removes a folder made by lab_make_work_dir. Debootstrap mounts /proc and /sys inside the root
# filesystem and leaves them mounted when it is killed, so those are unmounted first, and rm does
# not cross into another file system.
lab_remove_work_dir() {
  local dir=$1 mount_point
  [ -d "$dir" ] || return 0

  while read -r mount_point; do
    umount --lazy "$mount_point" 2>/dev/null || true
  done < <(findmnt --list --noheadings --output TARGET | awk -v prefix="$dir/" 'index($0, prefix) == 1' | sort --reverse)

  rm -rf --one-file-system "$dir"
}

lab_clean_up() {
  local dir
  for dir in "${LAB_WORK_DIRS[@]}"; do
    lab_remove_work_dir "$dir"
  done
}

# Succeeds while process PID exists and has not exited (a zombie counts as exited).
lab_process_alive() {
  local state
  state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# Starts COMMAND in the background in its own session, so that it outlives this script and the
# job that ran it, with output appended to LOG_FILE, and stores its pid in LAB_DAEMON_PID.
# The lock's descriptor 9 is closed for it: a daemon holding it would block every later run.
lab_start_daemon() {
  local log_file=$1
  shift
  mkdir -p "$(dirname "$log_file")"
  echo "--- $(date --utc +%Y-%m-%dT%H:%M:%SZ) started by scripts/lab.sh: $*" >>"$log_file"
  # The background subshell is not a process group leader, so setsid detaches without forking
  # and the pid of the subshell becomes the pid of COMMAND.
  (cd / && exec setsid "$@") </dev/null >>"$log_file" 2>&1 9>&- &
  LAB_DAEMON_PID=$!
}

# Polls CHECK (a command) every 0.2 s until it succeeds. Fails with the tail of LOG_FILE when the
# process PID exits first or TIMEOUT seconds pass.
lab_wait_until_ready() {
  local name=$1 pid=$2 timeout=$3 log_file=$4 check=$5
  local deadline=$((SECONDS + timeout))

  until $check; do
    if ! lab_process_alive "$pid"; then
      lab_fail "$name (pid $pid) exited during start-up; see the log below or $log_file" "$log_file"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      lab_fail "$name (pid $pid) timed out: no response within $timeout s. It is still running, so read its log below, stop it by its pid if it is stuck, and run this script again" "$log_file"
    fi
    sleep 0.2
  done
}
