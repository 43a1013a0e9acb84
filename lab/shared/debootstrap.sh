# shellcheck shell=bash disable=SC2034
# Root filesystems of Debian bookworm for the recipes in lab/debian, lab/python and lab/dind.

# Fills ROOTFS with debootstrap's minbase variant plus the comma-separated packages INCLUDE,
# from the mirror in the machine's apt sources. Downloaded packages are kept in
# /var/cache/buildlab/debootstrap and shared by every recipe and later runs.
lab_debootstrap() {
  local rootfs=$1 include=${2:-} cache_dir="$LAB_CACHE_DIR/debootstrap" options
  lab_find_debian_mirror
  mkdir -p "$cache_dir"

  options=(--variant=minbase --cache-dir="$cache_dir")
  if [ -n "$include" ]; then
    options+=(--include="$include")
  fi
  if ! debootstrap "${options[@]}" bookworm "$rootfs" "$LAB_DEBIAN_MIRROR" >>"$LAB_IMAGE_LOG" 2>&1; then
    lab_fail "debootstrap of bookworm from $LAB_DEBIAN_MIRROR failed; check that the mirror responds" "$LAB_IMAGE_LOG"
  fi

  # Like Debian's own images, ship no package lists, so a Dockerfile runs apt-get update before
  # apt-get install. debootstrap copies this machine's hostname and resolver configuration, which
  # Docker replaces in every container anyway.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
  rm -f "$rootfs/etc/hostname" "$rootfs/etc/resolv.conf"
}

# Prints the version of package PACKAGE installed in ROOTFS.
lab_rootfs_package_version() {
  dpkg-query --admindir="$1/var/lib/dpkg" --show --showformat='${Version}' "$2"
}
