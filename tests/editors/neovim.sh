#!/usr/bin/env bash
# The Neovim suite: a real Neovim 0.11 (headless) with the plugin in editors/neovim against the
# built server: hover, inlay hints, diagnostics, a code action applied, settings changed at run
# time, :checkhealth, a Rust buffer; both the vim.lsp.config/enable path (0.11+) and the
# vim.lsp.start path (0.10); the README's plain set-up without the plugin; and the plugin's behaviour when the server is missing.
# Installs Neovim into ~/.cache/concurrency-tutor/ on first use.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
start=$(date +%s)

BIN="$(tests/editors/build-server.sh)"
NVIM="$(tests/editors/install-neovim.sh | tail -1)"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data" XDG_STATE_HOME="$WORK/state" XDG_CACHE_HOME="$WORK/cache"

status=0
passed=0 failed=0 skipped=0
# Runs one Lua test file in a fresh headless Neovim and adds its closing line to the totals.
run() {
  local out rc=0
  out="$("$NVIM" --headless -u NONE -i NONE -n -l "$@" 2>&1)" || rc=$?
  echo "$out"
  local summary
  summary="$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -1)"
  if [ -z "$summary" ] || [ $rc -ne 0 ]; then status=1; fi
  [[ "$summary" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed(,\ ([0-9]+)\ skipped)? ]] || { failed=$((failed + 1)); return; }
  passed=$((passed + BASH_REMATCH[1])) failed=$((failed + BASH_REMATCH[2])) skipped=$((skipped + ${BASH_REMATCH[4]:-0}))
}
for mode in config legacy plain plain-0.10; do
  echo "==> Neovim ($mode)"
  mkdir -p "$WORK/$mode"
  cp tests/editors/fixtures/tour.py examples/kitchen.rs "$WORK/$mode/"
  PATH="$(dirname "$BIN"):$PATH" run tests/editors/neovim/test.lua "$ROOT/editors/neovim" "$WORK/$mode/tour.py" "$mode"
done

echo "==> Neovim (no server installed)"
mkdir -p "$WORK/missing"
cp tests/editors/fixtures/tour.py examples/kitchen.rs "$WORK/missing/"
cp examples/kitchen.rs "$WORK/missing/tour.rs"
# PATH without the server (nvim is started by its absolute path).
CLEAN_PATH="$(echo "$PATH" | tr ':' '\n' | while read -r dir; do [ -x "$dir/concurrency-tutor" ] || echo "$dir"; done | paste -sd:)"
PATH="$CLEAN_PATH" run tests/editors/neovim/missing.lua "$ROOT/editors/neovim" "$WORK/missing/tour.py"

echo "==> Neovim help file"
cp -r editors/neovim "$WORK/plugin"
run tests/editors/neovim/help.lua "$WORK/plugin"

echo "Neovim suite: $(($(date +%s) - start)) s"
echo "neovim: $passed passed, $failed failed, $skipped skipped"
exit $status
