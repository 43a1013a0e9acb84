# shellcheck shell=bash disable=SC2034
# The Docker Engine on /var/run/docker.sock. No systemd here, so dockerd runs as a plain
# background process; a dockerd that already responds is kept as it is.

LAB_DOCKERD_PID_FILE=/var/run/docker.pid

lab_ping_dockerd() {
  curl --silent --fail --max-time 3 --unix-socket "$LAB_DOCKER_SOCKET" http://localhost/_ping >/dev/null 2>&1
}

lab_ensure_dockerd() {
  local start pid outcome log_file="$LAB_LOG_DIR/dockerd.log"
  start=$(lab_now)

  if lab_ping_dockerd; then
    lab_report "dockerd ($LAB_DOCKER_SOCKET)" present "$start"
    return
  fi

  # A dockerd that is still starting (or stuck) owns the pid file, so a second one would fail on it.
  if [ -s "$LAB_DOCKERD_PID_FILE" ] && lab_process_alive "$(cat "$LAB_DOCKERD_PID_FILE")"; then
    pid=$(cat "$LAB_DOCKERD_PID_FILE")
    outcome="present, was starting"
    lab_info "dockerd (pid $pid) is running but does not respond yet, so this script is waiting up to $LAB_DOCKERD_TIMEOUT_SECONDS s"
  else
    lab_start_daemon "$log_file" dockerd
    pid=$LAB_DAEMON_PID
    outcome=started
  fi

  lab_wait_until_ready dockerd "$pid" "$LAB_DOCKERD_TIMEOUT_SECONDS" "$log_file" lab_ping_dockerd
  lab_report "dockerd ($LAB_DOCKER_SOCKET)" "$outcome" "$start"
}
