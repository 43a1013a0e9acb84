# shellcheck shell=bash disable=SC2034
# buildlab/kaniko-executor:lab, also pushed as localhost:5000/buildlab/kaniko-executor:lab: the
# Kaniko executor compiled from the Go module in this folder, at /kaniko/executor, with this
# machine's CA certificates. The layout and environment follow the executor image that the
# module's deploy/Dockerfile makes, without its registry credential helpers.

RECIPE_TAGS=(buildlab/kaniko-executor:lab localhost:5000/buildlab/kaniko-executor:lab)
RECIPE_PUSH=(localhost:5000/buildlab/kaniko-executor:lab)

# A maintained fork of the archived github.com/GoogleContainerTools/kaniko. go.mod pins the version.
KANIKO_MODULE=github.com/chainguard-dev/kaniko
KANIKO_PACKAGE=$KANIKO_MODULE/cmd/executor
KANIKO_VERSION=$(awk -v module="$KANIKO_MODULE" '
  $1 == "require" && $2 == module { print $3; exit }
  $1 == module { print $2; exit }
' "$RECIPE_DIR/go.mod")
# -s -w leave out the symbol tables. -X sets what `executor version` prints, as the module's
# Makefile does, because the default is "unset".
KANIKO_LDFLAGS="-s -w -X $KANIKO_MODULE/pkg/version.version=$KANIKO_VERSION"

recipe_rootfs() {
  local rootfs=$1
  lab_kaniko_executor
  install -D -m 0755 "$LAB_KANIKO_BINARY" "$rootfs/kaniko/executor"

  # The executor replaces the root filesystem with the base image's during a build, so the
  # certificates it uses for registries live under /kaniko, a path on the executor's default
# ignore list (pkg/util/fs_util.go in the module).
  install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/kaniko/ssl/certs/ca-certificates.crt"
  install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"

  # Go reads the order of host name sources from nsswitch.conf. The upstream image ships the same
  # line, so that localhost comes from /etc/hosts before DNS.
  mkdir -p "$rootfs/kaniko/.docker" "$rootfs/root" "$rootfs/workspace" "$rootfs/tmp"
  printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"

  # World-writable like upstream's /kaniko, so the executor also runs under another user id.
  chmod 0777 "$rootfs/kaniko" "$rootfs/workspace"
  chmod 1777 "$rootfs/tmp"
}

recipe_changes() {
  echo 'ENV PATH=/usr/local/bin:/kaniko'
  echo 'ENV HOME=/root'
  echo 'ENV USER=root'
  echo 'ENV SSL_CERT_DIR=/kaniko/ssl/certs'
  echo 'ENV DOCKER_CONFIG=/kaniko/.docker'
  echo 'WORKDIR /workspace'
  echo 'ENTRYPOINT ["/kaniko/executor"]'
  echo "LABEL org.buildlab.lab.executor-module=\"$KANIKO_MODULE\""
  echo "LABEL org.buildlab.lab.executor-version=\"$KANIKO_VERSION\""
}
