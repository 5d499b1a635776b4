#!/usr/bin/env bash
# Rebuilds tree-sitter-swift.wasm from tree-sitter-swift@0.7.1's sources with the scanner fix.
# Needs Debian's emscripten (apt-get install emscripten). CI does not run this: the built wasm is committed.
# Why the fix: 0.7.1's scanner allocates its state with calloc(0, …) and writes into a zero-byte block,
# corrupting the WASM heap so later files misparse after one file with a syntax error. Upstream fixed it
# with calloc(1, …) after 0.7.1; npm only has 0.7.1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent tree-sitter-swift@0.7.1 >/dev/null
tar xzf tree-sitter-swift-0.7.1.tgz
cd package
grep -q 'calloc(0, sizeof(struct ScannerState))' src/scanner.c || { echo "scanner.c no longer has the calloc(0) bug: check the patch" >&2; exit 1; }
sed -i 's/calloc(0, sizeof(struct ScannerState))/calloc(1, sizeof(struct ScannerState))/' src/scanner.c
emcc -Os -fno-exceptions -fvisibility=hidden -s WASM=1 -s SIDE_MODULE=2 \
  -s 'EXPORTED_FUNCTIONS=["_tree_sitter_swift"]' -I src src/parser.c src/scanner.c \
  -o "$here/tree-sitter-swift.wasm"
echo "built $here/tree-sitter-swift.wasm ($(stat -c %s "$here/tree-sitter-swift.wasm") bytes)"
