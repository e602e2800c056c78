#!/usr/bin/env bash
# The VS Code suite: type-checks and unit-tests the extension, packages it as a .vsix with the
# server bundled, installs it into a real VS Code (code-server) and drives that in headless
# Chromium (tests/editors/vscode/test.mjs). Installs what it needs on a fresh machine; the large
# downloads are cached under ~/.cache/concurrency-tutor/. Screenshots and logs go to
# tests/editors/artifacts/vscode/. UPDATE_SCREENSHOTS=1 also refreshes docs/images/vscode.png.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
start=$(date +%s)

node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
  { echo "vscode.sh: Node.js 20 or newer is needed (code-server 4.100.3, vsce)" >&2; exit 1; }
BIN="$(tests/editors/build-server.sh)"
CODE_SERVER_DIR="$(tests/editors/install-code-server.sh | tail -1)"

echo "==> VS Code extension: npm ci, type-check, unit tests, package"
cd "$ROOT/editors/vscode"
LOCK_HASH="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.ct-lock-hash 2>/dev/null)" != "$LOCK_HASH" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$LOCK_HASH" >node_modules/.ct-lock-hash
fi
npm run -s typecheck
node scripts/build.mjs
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
node --test --test-reporter=spec dist-test/ | tee "$LOG"
CONCURRENCY_TUTOR_BINARY="$BIN" npm run -s package:bundled >/dev/null
VSIX="$ROOT/editors/vscode/concurrency-tutor-linux-x64.vsix"
ls -l "$VSIX"

echo "==> VS Code (code-server) in headless Chromium"
ARTIFACTS="$ROOT/tests/editors/artifacts/vscode"
rm -rf "$ARTIFACTS"
cd "$ROOT"
CT_CODE_SERVER_DIR="$CODE_SERVER_DIR" CT_VSIX="$VSIX" CT_FIXTURES="$ROOT/tests/editors/fixtures" \
  CT_ARTIFACTS="$ARTIFACTS" node --test --test-reporter=spec tests/editors/vscode/test.mjs | tee -a "$LOG"

if [ "${UPDATE_SCREENSHOTS:-0}" = 1 ]; then
  cp "$ARTIFACTS"/*-hover.png "$ROOT/docs/images/vscode.png"
  echo "updated docs/images/vscode.png"
fi
echo "VS Code suite: $(($(date +%s) - start)) s; screenshots in tests/editors/artifacts/vscode/"
sum() { grep -E "^ℹ $1 [0-9]+" "$LOG" | awk '{n += $3} END {print n + 0}'; }
echo "vscode: $(sum pass) passed, $(sum fail) failed"
