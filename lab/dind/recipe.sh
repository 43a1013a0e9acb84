# shellcheck shell=bash disable=SC2034
# buildlab/dind:lab: Debian 12 minbase with Debian's docker.io, iptables, CA certificates and
# socat, for the Docker-in-Docker strategy. It is not pushed, because the strategy runs it on this
# daemon. Its inner dockerd needs the capabilities and mounts that the strategy passes. The daemon
# container has its own network namespace, so the strategy runs socat in it to reach a registry on
# the host's loopback through a unix socket in /run/buildlab.

RECIPE_TAGS=(buildlab/dind:lab)
RECIPE_SHARED=(shared/debootstrap.sh)

# shellcheck source=lab/shared/debootstrap.sh
source "$LAB_RECIPES_DIR/shared/debootstrap.sh"

recipe_rootfs() {
  local rootfs=$1
  lab_debootstrap "$rootfs" docker.io,iptables,ca-certificates,socat
  install -D -m 0755 "$RECIPE_DIR/entrypoint.sh" "$rootfs/usr/local/bin/dind-entrypoint"
}

recipe_changes() {
  local rootfs=$1 package_version socat_version
  package_version=$(lab_rootfs_package_version "$rootfs" docker.io)
  socat_version=$(lab_rootfs_package_version "$rootfs" socat)
  echo 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  echo 'ENTRYPOINT ["/usr/local/bin/dind-entrypoint"]'
  echo 'CMD ["dockerd"]'
  # Engine version as `docker version` prints it (20.10.24 from 20.10.24+dfsg1-1+deb12u1), and
  # the Debian package version it came from.
  echo "LABEL org.buildlab.lab.docker-version=\"${package_version%%[-+~]*}\""
  echo "LABEL org.buildlab.lab.docker-package-version=\"$package_version\""
  echo "LABEL org.buildlab.lab.socat-package-version=\"$socat_version\""
}
