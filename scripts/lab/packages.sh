# shellcheck shell=bash disable=SC2034
# Debian packages the lab needs. Chromium is left to the test script.

# curl is listed too because these scripts use it to reach the daemon and the registry.
LAB_PACKAGES=(docker.io docker-registry debootstrap busybox-static ca-certificates curl)

lab_package_installed() {
  dpkg-query --show --showformat='${Status}' "$1" 2>/dev/null | grep -q ' installed$'
}

# Installs the missing packages from LAB_PACKAGES with one `apt-get update` first.
lab_ensure_packages() {
  local start package missing=() log_file="$LAB_LOG_DIR/apt.log"
  start=$(lab_now)

  for package in "${LAB_PACKAGES[@]}"; do
    lab_package_installed "$package" || missing+=("$package")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    lab_report "Debian packages" present "$start"
    return
  fi

  lab_info "installing ${missing[*]} (log in $log_file)"
  # Without systemd, the maintainer scripts of docker.io and docker-registry would start their
  # daemons through init scripts, with Debian's defaults (a registry on every interface, among
  # them). invoke-rc.d starts nothing while /usr/sbin/policy-rc.d exits 101, and this script then
  # starts both daemons itself. An existing policy-rc.d is left as it is.
  local own_policy=false
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# Written by Buildlab scripts/lab.sh during apt-get install.\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 0755 /usr/sbin/policy-rc.d
    own_policy=true
  fi

  local installed=true
  if ! DEBIAN_FRONTEND=noninteractive apt-get update >>"$log_file" 2>&1; then
    installed=false
  elif ! DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >>"$log_file" 2>&1; then
    installed=false
  fi

  if $own_policy; then
    rm -f /usr/sbin/policy-rc.d
  fi
  if ! $installed; then
    lab_fail "apt-get failed to install ${missing[*]}; check the apt sources and the network access to the Debian archive" "$log_file"
  fi

  lab_report "Debian packages" "installed ${missing[*]}" "$start"
}
