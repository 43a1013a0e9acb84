# shellcheck shell=bash disable=SC2034
# Installs Debian packages into a root filesystem made by lab_debootstrap, with apt-get inside it.
# debootstrap resolves dependencies by package name only, so it cannot install a package such as
# npm that depends on virtual packages, which other packages provide. apt-get resolves those.

# Installs PACKAGES (separate arguments) and their dependencies, without recommended packages, into
# ROOTFS from the mirror that debootstrap wrote into its sources.list. Downloaded packages go to
# the debootstrap cache in /var/cache/buildlab/debootstrap, mounted as apt's archive folder, so
# recipes and later runs share them. Like lab_debootstrap, it leaves no package lists behind.
lab_rootfs_apt_install() {
  local rootfs=$1 archives="$1/var/cache/apt/archives" cache_dir="$LAB_CACHE_DIR/debootstrap" status=0
  shift
  mkdir -p "$archives" "$cache_dir"

  # lab_debootstrap removed the resolver configuration that apt-get needs to reach the mirror.
  cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
  mount --bind "$cache_dir" "$archives"
  {
    chroot "$rootfs" apt-get update &&
      DEBIAN_FRONTEND=noninteractive chroot "$rootfs" apt-get install --yes --no-install-recommends "$@"
  } >>"$LAB_IMAGE_LOG" 2>&1 || status=$?
  umount "$archives"
  rm -f "$rootfs/etc/resolv.conf"
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin

  if [ "$status" -ne 0 ]; then
    lab_fail "apt-get install of $* into the $RECIPE_NAME root filesystem failed with status $status; check that the mirror in $rootfs/etc/apt/sources.list responds" "$LAB_IMAGE_LOG"
  fi
}
