#!/usr/bin/env bash
# Installs code-server (a real VS Code served to a browser), Debian's Chromium and playwright-core
# into a cache outside the clone, keyed by version, so repeated runs skip the download.
# Prints the cache directory on stdout as its last line. Idempotent.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}" # VS Code 1.100.3; newer ones need Node 22+
PLAYWRIGHT_CORE_VERSION="${PLAYWRIGHT_CORE_VERSION:-1.52.0}"
CACHE="${CONCURRENCY_TUTOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/concurrency-tutor}"
DIR="$CACHE/code-server-$CODE_SERVER_VERSION"

log() { echo "install-code-server: $*" >&2; }

# System packages: headers for the native modules, ripgrep (code-server's search) and Chromium.
need=()
for pkg in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium build-essential python3; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if ((${#need[@]})); then
  log "apt-get install ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

if [ ! -f "$DIR/.complete" ]; then
  log "installing code-server $CODE_SERVER_VERSION into $DIR (a few minutes, once)"
  rm -rf "$DIR.partial"
  mkdir -p "$DIR.partial"
  (
    cd "$DIR.partial"
    echo '{"name":"ct-code-server","private":true}' >package.json
    # The install scripts download ripgrep and prebuilt binaries, which this network forbids:
    # install without scripts and build the native parts from source.
    npm install --no-audit --no-fund --ignore-scripts "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_CORE_VERSION" >&2
    npm_config_build_from_source=true npm rebuild argon2 >&2
    cd node_modules/code-server/lib/vscode
    npm install --no-audit --no-fund --omit=dev --ignore-scripts >&2
    mkdir -p node_modules/@vscode/ripgrep/bin
    cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
    npm_config_yes=true npm rebuild @parcel/watcher @vscode/deviceid @vscode/spdlog kerberos native-watchdog node-pty >&2
    ln -sfn node_modules node_modules.asar
    (cd extensions && npm install --no-audit --no-fund --omit=dev >&2)
  )
  touch "$DIR.partial/.complete"
  rm -rf "$DIR"
  mv "$DIR.partial" "$DIR"
  log "done: $(du -sh "$DIR" | cut -f1)"
fi
echo "$DIR"
