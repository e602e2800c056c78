#!/usr/bin/env bash
# Runs every test suite of the project: formatting, lints, then unit, fixture, LSP (in-process
# and over stdio against the real binary) and CLI tests. Later suites (real editors) hook in here.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "==> cargo test"
cargo test --workspace --locked
