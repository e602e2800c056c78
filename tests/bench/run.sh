#!/usr/bin/env bash
# The performance benchmark, in one command: builds the release binary and the benchmark driver
# (server/examples/benchmark), installs the pinned ruff it is compared with, finds the inputs on
# this machine, prints the machine, then one table per part with each target and PASS/MISS.
#
#   tests/bench/run.sh                 # everything, as recorded in docs/benchmarks.md
#   tests/bench/run.sh --edits 50      # extra arguments go to the driver (see --help)
#
# Inputs: the CPython standard library of `python3` (without site-packages) and the crate sources
# under $CARGO_HOME/registry/src (filled by this very build, at the least). ruff comes from PyPI
# into a virtualenv cached under ~/.cache/concurrency-tutor/ruff-<version>/.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUFF_VERSION="${RUFF_VERSION:-0.17.5}"

echo "bench: cargo build --release (server and driver)" >&2
cargo build --release --locked -p concurrency-tutor --bin concurrency-tutor --example benchmark >&2

RUFF_DIR="$(tests/install-pip-tool.sh ruff ruff "$RUFF_VERSION" ruff | tail -1)"

STDLIB="$(python3 -c "import sysconfig; print(sysconfig.get_paths()['stdlib'])")"
CRATES="${CARGO_HOME:-$HOME/.cargo}/registry/src"
[ -d "$STDLIB" ] || { echo "bench: no Python standard library at $STDLIB" >&2; exit 1; }
[ -d "$CRATES" ] || { echo "bench: no crate sources under $CRATES" >&2; exit 1; }

echo "## Machine"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1); $(nproc) cores available"
echo "- memory: $(free -m | awk '/^Mem:/ {print $2}') MB; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- $(target/release/concurrency-tutor --version); $("$RUFF_DIR/bin/ruff" --version); Python $(python3 -c 'import platform; print(platform.python_version())') standard library at $STDLIB; crates under $CRATES"
echo

target/release/examples/benchmark \
  --server target/release/concurrency-tutor \
  --ruff "$RUFF_DIR/bin/ruff" \
  --python "$STDLIB" \
  --rust "$CRATES" \
  "$@"
echo "- load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
