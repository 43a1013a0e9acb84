# shellcheck shell=bash disable=SC2034
# The lab registry on 127.0.0.1:5000. A registry that already responds there is kept.

LAB_REGISTRY_CONFIG=/etc/buildlab/registry.yml

lab_ping_registry() {
  curl --silent --fail --max-time 3 --output /dev/null "$LAB_REGISTRY_URL/v2/"
}

lab_ensure_registry() {
  local start log_file="$LAB_LOG_DIR/registry.log"
  start=$(lab_now)

  if lab_ping_registry; then
    lab_report "registry ($LAB_REGISTRY_URL)" present "$start"
    return
  fi

  # The running registry reads its configuration once, so it gets a copy outside the working tree.
  mkdir -p "$(dirname "$LAB_REGISTRY_CONFIG")" /var/lib/buildlab-registry
  cp "$LAB_RECIPES_DIR/registry.yml" "$LAB_REGISTRY_CONFIG"
  lab_start_daemon "$log_file" docker-registry serve "$LAB_REGISTRY_CONFIG"

  lab_wait_until_ready docker-registry "$LAB_DAEMON_PID" "$LAB_REGISTRY_TIMEOUT_SECONDS" "$log_file" lab_ping_registry
  lab_report "registry ($LAB_REGISTRY_URL)" started "$start"
}
