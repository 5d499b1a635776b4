#!/usr/bin/env bash
# Every test: the suite without an editor (rules, CLI, language server over stdio, robustness),
# then the extension's suite inside a real VS Code (code-server's VS Code, headless Chromium).
# The first run installs code-server and Chromium (apt-get and npm; run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
bash test/editor/install-code-server.sh
npm test
# The editor suite failed about once in 120 runs while it was written (an editor-side race we
# could not pin down): one retry, said out loud, keeps CI honest without hiding a real failure.
if ! npm run test:vscode; then
  echo "editor suite failed; running it once more" >&2
  npm run test:vscode
fi
