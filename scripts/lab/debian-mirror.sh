# shellcheck shell=bash disable=SC2034
# Finds the Debian mirror that debootstrap uses: BUILDLAB_DEBIAN_MIRROR when set, otherwise the
# first http, https or file URI that the machine's apt sources list for the bookworm suite.

# Prints the first URI of an enabled "deb" entry for bookworm in deb822 files (*.sources).
lab_mirror_from_deb822() {
  awk '
    function flush() {
      if (!found && enabled && types ~ /(^| )deb( |$)/ && suites ~ /(^| )bookworm( |$)/ && uris != "") {
        split(uris, list, " ")
        print list[1]
        found = 1
      }
      types = ""; suites = ""; uris = ""; enabled = 1
    }
    BEGIN { enabled = 1 }
    /^#/ { next }
    /^[ \t]*$/ { flush(); next }
    { field = tolower($1); $1 = "" }
    field == "types:" { types = $0 }
    field == "suites:" { suites = $0 }
    field == "uris:" { uris = $0 }
    field == "enabled:" && tolower($2) == "no" { enabled = 0 }
    END { flush() }
  ' "$@"
}

# Prints the URI of the first one-line "deb" entry for bookworm (sources.list format).
lab_mirror_from_one_line() {
  awk '
    $1 != "deb" { next }
    {
      field = 2
      if ($field ~ /^\[/) { while (field <= NF && $field !~ /\]$/) field++; field++ }
      if ($(field + 1) == "bookworm") { print $field; exit }
    }
  ' "$@"
}

# Prints the URIs of the bookworm entries in the apt sources, deb822 files first.
lab_list_mirror_candidates() {
  local files=()
  shopt -s nullglob
  files=(/etc/apt/sources.list.d/*.sources)
  if [ ${#files[@]} -gt 0 ]; then
    lab_mirror_from_deb822 "${files[@]}"
  fi

  files=(/etc/apt/sources.list.d/*.list)
  shopt -u nullglob
  if [ -f /etc/apt/sources.list ]; then
    files=(/etc/apt/sources.list "${files[@]}")
  fi
  if [ ${#files[@]} -gt 0 ]; then
    lab_mirror_from_one_line "${files[@]}"
  fi
}

# Stores the mirror in LAB_DEBIAN_MIRROR, or fails saying where it looked.
lab_find_debian_mirror() {
  local uri
  if [ -n "${BUILDLAB_DEBIAN_MIRROR:-}" ]; then
    LAB_DEBIAN_MIRROR=$BUILDLAB_DEBIAN_MIRROR
    return
  fi

  while read -r uri; do
    case $uri in
      http://* | https://* | file:/*)
        LAB_DEBIAN_MIRROR=$uri
        return
        ;;
    esac
  done < <(lab_list_mirror_candidates)

  lab_fail "no http, https or file mirror for Debian bookworm found in /etc/apt/sources.list or /etc/apt/sources.list.d/; set BUILDLAB_DEBIAN_MIRROR to a Debian mirror URL"
}
