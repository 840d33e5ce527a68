# shellcheck shell=bash
# tsm_ensure_maven: installs Debian's maven package when `mvn` is missing (as root), else says how to.
# Sourced by scripts that build the project; expects a log function.

tsm_ensure_maven() {
  command -v mvn >/dev/null 2>&1 && return 0
  log "Maven is not installed; installing Debian's maven package"
  if [[ $(id -u) -ne 0 ]]; then
    log "Maven (3.8+) is missing and this is not root: install it (apt-get install maven) and run again"
    return 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends maven
}
