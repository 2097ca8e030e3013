#!/usr/bin/env bash
# Playwright cannot download its own browsers on these machines, so the e2e
# tests drive Debian's Chromium. This makes sure it is there.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
  echo "chromium: found at $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "chromium: not found at $CHROMIUM; installing Debian's chromium package"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  if [ -x "$CHROMIUM" ]; then
    echo "chromium: installed at $CHROMIUM"
    exit 0
  fi
  echo "chromium: the package installed, but $CHROMIUM still does not exist; set CHROMIUM_PATH" >&2
  exit 1
fi

cat >&2 <<MSG
chromium: not found at $CHROMIUM.
The e2e tests need a local Chromium (npx playwright install cannot download here).
Install it as root with:   apt-get install -y chromium
or point CHROMIUM_PATH at an existing Chromium or Chrome binary.
MSG
exit 1
