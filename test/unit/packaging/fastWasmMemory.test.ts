// The bundles use web-tree-sitter with its i32 memory accessors rewritten (packaging/build/
// fastWasmMemory.mjs): every such call must be rewritten, and the rewritten module must read
// the same trees as the original, node by node.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import test from 'node:test';
import type * as TreeSitter from 'web-tree-sitter';

const root = join(__dirname, '..', '..', '..');
const original = require.resolve('web-tree-sitter');
const grammar = join(root, 'server', 'grammar', 'tree-sitter-swift.wasm');

async function parserFrom(modulePath: string): Promise<TreeSitter.Parser> {
  const { Parser, Language } = require(modulePath) as typeof TreeSitter;
  await Parser.init({ locateFile: (name: string) => join(dirname(original), name) });
  const parser = new Parser();
  parser.setLanguage(await Language.load(grammar));
  return parser;
}

/** Every node with its type, span and field, reached through the node API (marshalling both ways). */
function describeTree(node: TreeSitter.Node, field: string | null = null, out: string[] = []): string[] {
  out.push(`${node.type} ${node.startIndex}-${node.endIndex} ${node.startPosition.row}:${node.startPosition.column} ${field ?? ''}`);
  node.children.forEach((child, i) => {
    if (child) describeTree(child, node.fieldNameForChild(i), out);
  });
  return out;
}

test('the rewrite leaves no i32 setValue/getValue call in web-tree-sitter', async () => {
  const { fastWasmMemory } = await import('../../../packaging/build/fastWasmMemory.mjs');
  const source = readFileSync(original, 'utf8');
  assert.match(source, /C\.setValue\([^;]*"i32"\)/);
  const rewritten: string = fastWasmMemory(source);
  assert.doesNotMatch(rewritten, /C\.(?:setValue|getValue)\([^;]*"i32"\)/);
  assert.match(rewritten, /C\.HEAP32\[/);
  // A node's handle is a named property: no node gets an elements store for `[0]`.
  assert.doesNotMatch(rewritten, /node\[0\]|this\[0\] = other/);
  assert.match(rewritten, /HEAP32\[[^\]]*\] = node\._handle\)/);
  // descendantsOfType looks its types' symbols up once per list of types, not on every call.
  assert.match(rewritten, /const symbols = symbolsOfTypes\(this\.tree\.language, types\);/);
});

test('the rewritten web-tree-sitter reads the same trees as the original', async () => {
  const { fastWasmMemory } = await import('../../../packaging/build/fastWasmMemory.mjs');
  const scratch = mkdtempSync(join(tmpdir(), 'urlsession-lint-wts-'));
  try {
    const rewrittenPath = join(scratch, 'web-tree-sitter.cjs');
    writeFileSync(rewrittenPath, fastWasmMemory(readFileSync(original, 'utf8')));
    const [before, after] = [await parserFrom(original), await parserFrom(rewrittenPath)];
    const folder = join(root, 'examples');
    const swiftFiles = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.swift'));
    assert.ok(swiftFiles.length > 0);
    for (const name of swiftFiles) {
      const text = readFileSync(join(folder, name), 'utf8');
      const [a, b] = [before.parse(text)!, after.parse(text)!];
      assert.deepEqual(describeTree(b.rootNode), describeTree(a.rootNode), name);
      // Each list twice: the second call takes the symbols kept by the first.
      for (const types of [['call_expression'], ['assignment', 'simple_identifier'], 'ERROR', ['call_expression'], ['assignment', 'simple_identifier']]) {
        const found = (tree: TreeSitter.Tree) => tree.rootNode.descendantsOfType(types).map((node) => `${node?.type} ${node?.startIndex}-${node?.endIndex}`);
        assert.deepEqual(found(b), found(a), `${name}: ${types}`);
      }
      a.delete();
      b.delete();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
