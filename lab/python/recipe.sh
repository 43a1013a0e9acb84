# shellcheck shell=bash disable=SC2034
# localhost:5000/buildlab/python:3.11-bookworm: Debian 12 minbase with Debian's python3 (3.11) and
# python3-pip, for Python samples. pip installs into the system Python, like the official
# python:3.11-bookworm image does into its own.

RECIPE_TAGS=(localhost:5000/buildlab/python:3.11-bookworm)
RECIPE_PUSH=(localhost:5000/buildlab/python:3.11-bookworm)
RECIPE_SHARED=(shared/debootstrap.sh)

# shellcheck source=lab/shared/debootstrap.sh
source "$LAB_RECIPES_DIR/shared/debootstrap.sh"

recipe_rootfs() {
  local rootfs=$1
  lab_debootstrap "$rootfs" python3,python3-pip

  # Debian marks its Python as externally managed (PEP 668), so `pip install` would stop with
  # "externally-managed-environment". This image exists to run pip, so the marker goes.
  rm -f "$rootfs"/usr/lib/python3*/EXTERNALLY-MANAGED
}

recipe_changes() {
  local rootfs=$1
  echo 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  echo 'ENV LANG=C.UTF-8'
  # Offline, pip cannot download setuptools into an isolated build environment, so local packages
  # with a pyproject.toml build against Debian's python3-setuptools and python3-wheel instead.
  # 0 is how pip's environment variables switch on the option --no-build-isolation.
  echo 'ENV PIP_NO_BUILD_ISOLATION=0'
  echo 'CMD ["python3"]'
  echo "LABEL org.buildlab.lab.python-version=\"$(lab_rootfs_package_version "$rootfs" python3)\""
  echo "LABEL org.buildlab.lab.pip-version=\"$(lab_rootfs_package_version "$rootfs" python3-pip)\""
}
