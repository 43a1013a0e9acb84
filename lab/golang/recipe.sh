# shellcheck shell=bash disable=SC2034
# localhost:5000/buildlab/golang:bookworm: Debian 12 minbase with Debian's golang-go (Go 1.19), for
# Go samples. GOPATH is /go, writable by every user, so that builds under USER can install there.
# debootstrap leaves out golang-go's recommended gcc. Go 1.19 ships its standard library
# precompiled, so pure Go programs build, while a package with cgo code of its own fails here.

RECIPE_TAGS=(localhost:5000/buildlab/golang:bookworm)
RECIPE_PUSH=(localhost:5000/buildlab/golang:bookworm)
RECIPE_SHARED=(shared/debootstrap.sh)

# shellcheck source=lab/shared/debootstrap.sh
source "$LAB_RECIPES_DIR/shared/debootstrap.sh"

recipe_rootfs() {
  local rootfs=$1
  lab_debootstrap "$rootfs" golang-go
  mkdir -p "$rootfs/go/bin" "$rootfs/go/src"
  chmod -R 1777 "$rootfs/go"
}

recipe_changes() {
  local rootfs=$1
  echo 'ENV GOPATH=/go'
  echo 'ENV PATH=/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  echo 'WORKDIR /go'
  echo 'CMD ["bash"]'
  echo "LABEL org.buildlab.lab.golang-version=\"$(lab_rootfs_package_version "$rootfs" golang-go)\""
}
