# shellcheck shell=bash disable=SC2034
# localhost:5000/buildlab/debian:bookworm: Debian 12 from debootstrap's minbase variant, the base
# of Dockerfiles that need apt-get, bash and coreutils.

RECIPE_TAGS=(localhost:5000/buildlab/debian:bookworm)
RECIPE_PUSH=(localhost:5000/buildlab/debian:bookworm)
RECIPE_SHARED=(shared/debootstrap.sh)

# shellcheck source=lab/shared/debootstrap.sh
source "$LAB_RECIPES_DIR/shared/debootstrap.sh"

recipe_rootfs() {
  lab_debootstrap "$1"
}

recipe_changes() {
  echo 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  echo 'CMD ["bash"]'
  echo "LABEL org.buildlab.lab.debian-version=\"$(cat "$1/etc/debian_version")\""
}
