#!/usr/bin/env bash
# Prints the path of the release server binary, building it when it is missing (or always, when
# CT_SERVER_BUILD=always: cargo then rebuilds only if the sources changed).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="$PWD/target/release/concurrency-tutor"
if [ ! -x "$BIN" ] || [ "${CT_SERVER_BUILD:-}" = always ]; then
  echo "build-server: cargo build --release -p concurrency-tutor --locked" >&2
  cargo build --release -p concurrency-tutor --locked >&2
fi
"$BIN" --version >&2
echo "$BIN"
