// An esbuild plugin for web-tree-sitter's CommonJS build: its node and cursor marshalling calls
// emscripten's generic `C.setValue(ptr, v, "i32")` / `C.getValue(ptr, "i32")`, which switch on
// the type string and go through a DataView on every call. They are rewritten to index the
// module's Int32Array view (`C.HEAP32`, replaced by emscripten whenever memory grows) directly.
// Measured: about a fifth of fact extraction on real code went to those two functions.
// Every supported platform (x64, arm64) is little-endian, as the DataView calls assumed.
// A node's Wasm handle also moves from element `[0]` to a named property (namedNodeHandle).
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

/** Replaces the one occurrence of `from` at or after `after` (the build fails if it is not there). */
function replaceOnce(source, from, to, after = '') {
  const start = after ? source.indexOf(after) : 0;
  const at = start === -1 ? -1 : source.indexOf(from, start);
  if (at === -1) throw new Error(`fastWasmMemory: web-tree-sitter changed, \`${from}\` not found${after ? ` after \`${after}\`` : ''}`);
  return source.slice(0, at) + to + source.slice(at + from.length);
}

/**
 * A Node kept its Wasm handle as element `[0]`, which gave every node (extraction makes millions)
 * an elements store of its own besides its properties. A named property lives in the node itself.
 */
function namedNodeHandle(source) {
  const inNode = 'var Node = class {';
  let rewritten = replaceOnce(source, '[0] = 0;', '_handle = 0;', inNode);
  rewritten = replaceOnce(rewritten, 'this[0] = other;', 'this._handle = other;', inNode);
  return replaceOnce(rewritten, 'node[0]', 'node._handle', 'function marshalNode(');
}

/**
 * `descendantsOfType` looked for its types' symbol ids in the grammar's whole symbol table (about
 * 500 names) on every call; fact extraction calls it once or more per function. The ids are now
 * kept per language and list of types.
 */
function symbolsOnce(source) {
  const lookup = `const symbols = [];
    const typesBySymbol = this.tree.language.types;
    for (let i2 = 0, n = typesBySymbol.length; i2 < n; i2++) {
      if (types.includes(typesBySymbol[i2])) {
        symbols.push(i2);
      }
    }
    if (types.includes("ERROR")) {
      symbols.push(65535);
    }`;
  const kept = `const symbols = symbolsOfTypes(this.tree.language, types);`;
  // The lookup itself is web-tree-sitter's own code, moved into a function of the language.
  const helper = `function lookUpSymbols(language, types) {
  ${lookup.replace('this.tree.language.types', 'language.types')}
  return symbols;
}
var symbolIdsByLanguage = new WeakMap();
function symbolsOfTypes(language, types) {
  let byTypes = symbolIdsByLanguage.get(language);
  if (!byTypes) symbolIdsByLanguage.set(language, (byTypes = new Map()));
  const key = types.join("\\0");
  if (!byTypes.has(key)) byTypes.set(key, lookUpSymbols(language, types));
  return byTypes.get(key);
}
`;
  const rewritten = replaceOnce(source, lookup, kept, 'descendantsOfType(types, startPosition');
  return replaceOnce(rewritten, 'var Node = class {', `${helper}var Node = class {`);
}

export function fastWasmMemory(source) {
  let rewritten = rewriteCalls(source, 'setValue', (args) => (args.length === 3 ? `(C.HEAP32[(${args[0]}) >> 2] = ${args[1]})` : undefined));
  rewritten = rewriteCalls(rewritten, 'getValue', (args) => (args.length === 2 ? `C.HEAP32[(${args[0]}) >> 2]` : undefined));
  return symbolsOnce(namedNodeHandle(rewritten));
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
