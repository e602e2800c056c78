#!/usr/bin/env bash
# Installs a pinned PyPI package into a virtualenv of its own, in a cache outside the clone keyed
# by name and version (~/.cache/concurrency-tutor/<name>-<version>/), unless a finished install
# is already there. Prints the virtualenv's folder as its last line.
#
#   tests/install-pip-tool.sh NAME PACKAGE VERSION EXECUTABLE
#   tests/install-pip-tool.sh ruff ruff 0.17.5 ruff
set -euo pipefail
name="$1" package="$2" version="$3" executable="$4"
CACHE="${CONCURRENCY_TUTOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/concurrency-tutor}"
DIR="$CACHE/$name-$version"

# `.complete` is written last, so an interrupted install is redone rather than trusted.
if [ ! -x "$DIR/bin/$executable" ] || [ ! -f "$DIR/.complete" ]; then
  echo "install-pip-tool: installing $package $version into $DIR" >&2
  rm -rf "$DIR"
  mkdir -p "$CACHE"
  python3 -m venv "$DIR" >&2
  "$DIR/bin/pip" install --quiet --disable-pip-version-check "$package==$version" >&2
  touch "$DIR/.complete"
fi
echo "$DIR"
