#!/usr/bin/env bash
# Takes docs/images/neovim.png: Neovim with the plugin in a real terminal (xterm under Xvfb),
# showing inlay hints, a diagnostic and the hover over asyncio.gather. Not part of the test run;
# installs xvfb, xterm and imagemagick with apt when they are missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
BIN="$(tests/editors/build-server.sh)"
NVIM="$(tests/editors/install-neovim.sh | tail -1)"
need=()
for pkg in xvfb xterm imagemagick fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if ((${#need[@]})); then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

WORK="$(mktemp -d)"
cp tests/editors/fixtures/tour.py "$WORK/"
DISPLAY_NUM=":$((90 + RANDOM % 9))"
Xvfb "$DISPLAY_NUM" -screen 0 1400x900x24 -nolisten tcp &
XVFB=$!
trap 'kill "$XVFB" 2>/dev/null || true; rm -rf "$WORK"' EXIT
sleep 1
export DISPLAY="$DISPLAY_NUM" CT_PLUGIN_DIR="$ROOT/editors/neovim" CT_MARKER="$WORK/ready"
export XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data" XDG_STATE_HOME="$WORK/state"
(cd "$WORK" && PATH="$(dirname "$BIN"):$PATH" xterm -T ct-nvim -xrm 'XTerm*allowTitleOps: false' -geometry 112x38+0+0 -fa 'DejaVu Sans Mono' -fs 12 \
  -bg '#14161b' -fg '#e0e2ea' -xrm 'XTerm*termName: xterm-256color' \
  -e "$NVIM" -u "$ROOT/tests/editors/neovim/screenshot.lua" -i NONE tour.py) &
XTERM=$!
for _ in $(seq 1 60); do [ -f "$WORK/ready" ] && break; sleep 0.5; done
[ -f "$WORK/ready" ] || { echo "neovim-screenshot: Neovim did not get ready" >&2; exit 1; }
WINDOW="$(xwininfo -name ct-nvim | awk '/Window id/ {print $4}')"
import -window "$WINDOW" docs/images/neovim.png
kill "$XTERM" 2>/dev/null || true
echo "wrote docs/images/neovim.png"
