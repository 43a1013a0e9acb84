# shellcheck shell=bash disable=SC2034
# Lab images, made locally from the recipes under lab/ because no image can be pulled.
#
# Each lab/NAME/recipe.sh is sourced here and sets:
#   RECIPE_TAGS    image references to tag; the first carries the recipe label that is compared
#   RECIPE_PUSH    references to push to the lab registry (may be empty)
#   RECIPE_SHARED  other files under lab/ that the recipe sources, hashed with it (may be empty)
# and defines:
#   recipe_inputs        optional: prints facts of this machine that change the image
#   recipe_rootfs DIR    fills the empty root filesystem DIR
#   recipe_changes DIR   prints Dockerfile instructions, one per line, for `docker import --change`
# While a recipe runs, RECIPE_DIR is its folder and LAB_IMAGE_LOG is the log file for its output.
#
# An image is made when its first tag is missing or carries another recipe hash, which covers the
# files of lab/NAME/, RECIPE_SHARED and recipe_inputs. Packages fetched from the Debian mirror
# are not part of the hash: remove an image to make it again with newer packages.

LAB_IMAGE_NAMES=(busybox debian python node golang dind kaniko)

# Sources lab/NAME/recipe.sh after clearing what the previous recipe defined.
lab_load_recipe() {
  local name=$1
  unset -f recipe_inputs recipe_rootfs recipe_changes
  RECIPE_TAGS=()
  RECIPE_PUSH=()
  RECIPE_SHARED=()
  RECIPE_NAME=$name
  RECIPE_DIR="$LAB_RECIPES_DIR/$name"
  LAB_IMAGE_LOG="$LAB_LOG_DIR/image-$name.log"

  if [ ! -f "$RECIPE_DIR/recipe.sh" ]; then
    lab_fail "recipe $RECIPE_DIR/recipe.sh not found"
  fi
  # shellcheck source=/dev/null
  source "$RECIPE_DIR/recipe.sh"
}

# Prints the hash of the loaded recipe, its shared files and its machine inputs.
lab_recipe_hash() {
  local inputs=""
  if declare -F recipe_inputs >/dev/null; then
    inputs=$(recipe_inputs)
  fi

  {
    (cd "$LAB_RECIPES_DIR" && find "$RECIPE_NAME" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    if [ ${#RECIPE_SHARED[@]} -gt 0 ]; then
      (cd "$LAB_RECIPES_DIR" && sha256sum "${RECIPE_SHARED[@]}")
    fi
    printf '%s\n' "$inputs"
  } | sha256sum | cut -c1-16
}

# Prints the value of image label LABEL on REF, or nothing when the image or label is missing.
lab_image_label() {
  local ref=$1 label=$2
  "$LAB_DOCKER" image inspect --format "{{index .Config.Labels \"$label\"}}" "$ref" 2>/dev/null || true
}

# Succeeds when the registry serves REF (localhost:5000/NAME:TAG) with a manifest digest that the
# local image of the same reference has already pushed, so an unchanged image is not pushed again.
lab_registry_has_image() {
  local ref=$1 path name tag digest
  path=${ref#"$LAB_REGISTRY_HOST/"}
  name=${path%:*}
  tag=${path##*:}

  digest=$(curl --silent --fail --max-time 10 --head \
    --header 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "$LAB_REGISTRY_URL/v2/$name/manifests/$tag" |
    tr -d '\r' | awk 'tolower($1) == "docker-content-digest:" { print $2 }') || return 1
  [ -n "$digest" ] || return 1

  "$LAB_DOCKER" image inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$ref" |
    grep -qxF "$LAB_REGISTRY_HOST/$name@$digest"
}

# Makes the image of the loaded recipe under all its tags, labelled with HASH.
lab_make_image() {
  local hash=$1 primary=${RECIPE_TAGS[0]} old_id new_id rootfs ref line changes=()
  old_id=$("$LAB_DOCKER" image inspect --format '{{.Id}}' "$primary" 2>/dev/null || true)
  : >"$LAB_IMAGE_LOG"

  lab_make_work_dir
  rootfs="$LAB_WORK_DIR/rootfs"
  mkdir -m 0755 "$rootfs"
  recipe_rootfs "$rootfs"
  recipe_changes "$rootfs" >"$LAB_WORK_DIR/changes"
  echo "LABEL $LAB_RECIPE_LABEL=\"$hash\"" >>"$LAB_WORK_DIR/changes"
  while IFS= read -r line; do
    if [ -n "$line" ]; then
      changes+=(--change "$line")
    fi
  done <"$LAB_WORK_DIR/changes"

  # security.capability keeps file capabilities that Debian packages set on their binaries.
  if ! tar --create --numeric-owner --xattrs --xattrs-include=security.capability --directory "$rootfs" . |
    "$LAB_DOCKER" import "${changes[@]}" --message "made by scripts/lab.sh from lab/$RECIPE_NAME" - "$primary" >>"$LAB_IMAGE_LOG" 2>&1; then
    lab_fail "docker import of $primary failed" "$LAB_IMAGE_LOG"
  fi
  for ref in "${RECIPE_TAGS[@]:1}"; do
    "$LAB_DOCKER" tag "$primary" "$ref"
  done
  lab_remove_work_dir "$LAB_WORK_DIR"

  # The image made before is now without tags, so it is removed. Docker rejects the removal, and
  # the image stays, when a container still uses it or it has a tag under another name.
  new_id=$("$LAB_DOCKER" image inspect --format '{{.Id}}' "$primary")
  if [ -n "$old_id" ] && [ "$old_id" != "$new_id" ]; then
    "$LAB_DOCKER" image rm "$old_id" >/dev/null 2>&1 || true
  fi
}

# Makes the image of recipe NAME when it is missing or its recipe changed, then pushes its
# RECIPE_PUSH references that the registry does not serve yet.
lab_ensure_image() {
  local name=$1 start hash outcome=present ref push_log="$LAB_LOG_DIR/push.log"
  start=$(lab_now)
  lab_load_recipe "$name"

  hash=$(lab_recipe_hash)
  if [ "$(lab_image_label "${RECIPE_TAGS[0]}" "$LAB_RECIPE_LABEL")" != "$hash" ]; then
    lab_make_image "$hash"
    outcome=made
  fi

  for ref in "${RECIPE_PUSH[@]}"; do
    if lab_registry_has_image "$ref"; then
      continue
    fi
    if ! "$LAB_DOCKER" push "$ref" >>"$push_log" 2>&1; then
      lab_fail "docker push $ref to $LAB_REGISTRY_URL failed" "$push_log"
    fi
    outcome="$outcome, pushed"
  done

  lab_report "${RECIPE_TAGS[0]}" "$outcome" "$start"
}

# Succeeds when the image of recipe NAME would be made by lab_ensure_image.
lab_image_needs_making() {
  lab_load_recipe "$1"
  [ "$(lab_image_label "${RECIPE_TAGS[0]}" "$LAB_RECIPE_LABEL")" != "$(lab_recipe_hash)" ]
}

lab_ensure_images() {
  local name

  # Compiling the Kaniko executor takes minutes and needs no Docker, so it runs in the background
  # while debootstrap makes the Debian images.
  if lab_image_needs_making kaniko; then
    lab_kaniko_start_build
  fi

  for name in "${LAB_IMAGE_NAMES[@]}"; do
    lab_ensure_image "$name"
  done
}
