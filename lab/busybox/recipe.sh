# shellcheck shell=bash disable=SC2034
# localhost:5000/buildlab/busybox:lab: the static busybox from Debian's busybox-static package and
# its applet links, in an otherwise empty root filesystem (about 2 MB).

RECIPE_TAGS=(localhost:5000/buildlab/busybox:lab)
RECIPE_PUSH=(localhost:5000/buildlab/busybox:lab)

recipe_inputs() {
  dpkg-query --show --showformat='busybox-static ${Version}\n' busybox-static
}

recipe_rootfs() {
  local rootfs=$1 applets applet
  install -D -m 0755 /bin/busybox "$rootfs/bin/busybox"

  # --list-full prints each applet with its usual path, such as usr/bin/awk or sbin/ifconfig.
  applets=$("$rootfs/bin/busybox" --list-full)
  for applet in $applets; do
    if [ ! -e "$rootfs/$applet" ]; then
      mkdir -p "$rootfs/$(dirname "$applet")"
      ln -s /bin/busybox "$rootfs/$applet"
    fi
  done

  # A Dockerfile's USER instruction looks the user name up in /etc/passwd and /etc/group, so root
# and the conventional unprivileged user nobody are listed.
  mkdir -p "$rootfs/etc" "$rootfs/root" "$rootfs/tmp"
  chmod 0700 "$rootfs/root"
  chmod 1777 "$rootfs/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
}

recipe_changes() {
  echo 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  echo 'CMD ["sh"]'
  echo "LABEL org.buildlab.lab.busybox-version=\"$(dpkg-query --show --showformat='${Version}' busybox-static)\""
}
