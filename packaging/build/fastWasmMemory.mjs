// An esbuild plugin for web-tree-sitter's CommonJS build: its node and cursor marshalling calls
// emscripten's generic `C.setValue(ptr, v, "i32")` / `C.getValue(ptr, "i32")`, which switch on
// the type string and go through a DataView on every call. They are rewritten to index the
// module's Int32Array view (`C.HEAP32`, replaced by emscripten whenever memory grows) directly.
// Measured: about a fifth of fact extraction on real code went to those two functions.
// Every supported platform (x64, arm64) is little-endian, as the DataView calls assumed.
import { readFile } from 'node:fs/promises';

/** Splits `a, f(b, c), d` at its top-level commas. */
function splitArguments(text) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** Rewrites each `C.<name>(…, "i32")` call through `rewrite(args)`; other calls stay. */
function rewriteCalls(source, name, rewrite) {
  const opening = `C.${name}(`;
  let out = '';
  let from = 0;
  for (let at = source.indexOf(opening); at !== -1; at = source.indexOf(opening, at + 1)) {
    let depth = 1;
    let end = at + opening.length;
    for (; end < source.length && depth > 0; end++) {
      if (source[end] === '(') depth++;
      else if (source[end] === ')') depth--;
    }
    const args = splitArguments(source.slice(at + opening.length, end - 1));
    if (args[args.length - 1] !== '"i32"') continue;
    const replacement = rewrite(args);
    if (replacement === undefined) continue;
    out += source.slice(from, at) + replacement;
    from = end;
  }
  return out + source.slice(from);
}

export function fastWasmMemory(source) {
  let rewritten = rewriteCalls(source, 'setValue', (args) => (args.length === 3 ? `(C.HEAP32[(${args[0]}) >> 2] = ${args[1]})` : undefined));
  rewritten = rewriteCalls(rewritten, 'getValue', (args) => (args.length === 2 ? `C.HEAP32[(${args[0]}) >> 2]` : undefined));
  return rewritten;
}

export const fastWasmMemoryPlugin = {
  name: 'web-tree-sitter-fast-memory',
  setup(build) {
    build.onLoad({ filter: /web-tree-sitter[\\/]web-tree-sitter\.cjs$/ }, async (args) => ({
      contents: fastWasmMemory(await readFile(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};
