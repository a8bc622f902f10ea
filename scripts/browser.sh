#!/usr/bin/env bash
# Installs the real browser the browser tests (*.browser.test.ts) drive: Debian's `chromium`, driven by
# playwright-core through its executablePath. No browser is downloaded by npm or playwright.
#
# Usage: scripts/browser.sh install | path
#   install  apt-get installs chromium when /usr/bin/chromium is missing (needs root: true here and in CI)
#   path     prints the executable's path, or fails when it is not installed
set -euo pipefail

CHROMIUM="${EVENTFLOW_CHROMIUM:-/usr/bin/chromium}"

log() { echo "[browser] $*" >&2; }
die() { echo "[browser] ERROR: $*" >&2; exit 1; }

cmd_install() {
  if [[ -x "$CHROMIUM" ]]; then
    log "chromium already installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
    return
  fi
  [[ "$(id -u)" == "0" ]] || die "chromium is missing and installing it needs root: run 'apt-get install -y chromium' as root"
  command -v apt-get >/dev/null 2>&1 || die "chromium is missing and apt-get is not available to install it"
  log "installing Debian's chromium with apt-get (first time takes a minute or two)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2 || die "apt-get install chromium failed"
  [[ -x "$CHROMIUM" ]] || die "apt-get installed chromium but $CHROMIUM is still missing"
  log "installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
}

cmd_path() {
  [[ -x "$CHROMIUM" ]] || die "$CHROMIUM is not installed (run: bash scripts/browser.sh install)"
  echo "$CHROMIUM"
}

case "${1:-}" in
  install) cmd_install ;;
  path) cmd_path ;;
  *) echo "usage: $0 install | path" >&2; exit 2 ;;
esac
