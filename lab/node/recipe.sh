# shellcheck shell=bash disable=SC2034
# localhost:5000/buildlab/node:bookworm: Debian 12 minbase with Debian's nodejs (18) and npm, for
# Node.js samples. npm finds no registry in the lab, so Dockerfiles install with `npm ci --offline`
# from packages in the context.

RECIPE_TAGS=(localhost:5000/buildlab/node:bookworm)
RECIPE_PUSH=(localhost:5000/buildlab/node:bookworm)
RECIPE_SHARED=(shared/debootstrap.sh shared/apt-install.sh)

# shellcheck source=lab/shared/debootstrap.sh
source "$LAB_RECIPES_DIR/shared/debootstrap.sh"
# shellcheck source=lab/shared/apt-install.sh
source "$LAB_RECIPES_DIR/shared/apt-install.sh"

recipe_rootfs() {
  local rootfs=$1
  lab_debootstrap "$rootfs" nodejs
  # npm depends on virtual packages, which only apt-get resolves.
  lab_rootfs_apt_install "$rootfs" npm
}

recipe_changes() {
  local rootfs=$1
  echo 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  echo 'ENV LANG=C.UTF-8'
  echo 'CMD ["node"]'
  echo "LABEL org.buildlab.lab.nodejs-version=\"$(lab_rootfs_package_version "$rootfs" nodejs)\""
  echo "LABEL org.buildlab.lab.npm-version=\"$(lab_rootfs_package_version "$rootfs" npm)\""
}
