// The committed grammar is the fixed build, columns are UTF-16, #if lines are blanked, and an
// incremental re-parse gives the same tree as a fresh one.
import assert from 'node:assert/strict';
import test from 'node:test';
import { loadSwiftParser, parseSwift } from '../../../server/src/parse/swiftParser';

const clean = `import Foundation

final class Downloader: NSObject {
    let session = URLSession(configuration: .background(withIdentifier: "com.example.bg"))
    func start(_ url: URL) { session.downloadTask(with: url).resume() }
}
`;

test('the committed wasm is the fixed build: a syntax error does not corrupt later parses', async () => {
  const parser = await loadSwiftParser();
  // With 0.7.1's calloc(0) scanner bug, a file with an error corrupts the heap and later clean
  // files misparse. Parse several broken files first, then the clean one with the same parser.
  for (const broken of ['class A { func (( }', 'let x = """\nunterminated', 'struct { var: = }}}', '#if X\nclass B {\n']) {
    parseSwift(parser, broken).tree.delete();
  }
  for (let i = 0; i < 20; i++) {
    const parsed = parseSwift(parser, clean);
    assert.equal(parsed.tree.rootNode.hasError, false, `clean file misparsed on round ${i}: ${parsed.tree.rootNode.toString().slice(0, 200)}`);
    parsed.tree.delete();
  }
});

test('columns are UTF-16 code units', async () => {
  const parser = await loadSwiftParser();
  const text = 'let s = "é😀"; let t = 1\n';
  const parsed = parseSwift(parser, text);
  const literal = parsed.tree.rootNode.descendantsOfType('integer_literal')[0]!;
  assert.equal(literal.startIndex, text.indexOf('1'));
  assert.equal(literal.startPosition.column, text.indexOf('1'));
  parsed.tree.delete();
});

test('#if directives inside a type body are blanked so members parse, and regions are known', async () => {
  const parser = await loadSwiftParser();
  const text = `class AppDelegate {
    #if DEBUG
    func debugOnly() { exit(0) }
    #else
    func releaseOnly() {}
    #endif
}
`;
  const parsed = parseSwift(parser, text);
  assert.equal(parsed.tree.rootNode.hasError, false);
  assert.equal(parsed.text, text);
  assert.equal(parsed.parsedText.length, text.length);
  assert.equal(parsed.tree.rootNode.descendantsOfType('function_declaration').length, 2);
  assert.equal(parsed.ifRegions.isDebugOnly(text.indexOf('exit(0)')), true);
  assert.equal(parsed.ifRegions.isDebugOnly(text.indexOf('releaseOnly')), false);
  assert.equal(parsed.ifRegions.isConditional(text.indexOf('releaseOnly')), true);
  parsed.tree.delete();
});

test('#else of #if !DEBUG is debug-only; #if DEBUG || BETA is not', async () => {
  const parser = await loadSwiftParser();
  const text = '#if !DEBUG\nlet a = 1\n#else\nlet b = 2\n#endif\n#if DEBUG || BETA\nlet c = 3\n#endif\n';
  const parsed = parseSwift(parser, text);
  assert.equal(parsed.ifRegions.isDebugOnly(text.indexOf('let a')), false);
  assert.equal(parsed.ifRegions.isDebugOnly(text.indexOf('let b')), true);
  assert.equal(parsed.ifRegions.isDebugOnly(text.indexOf('let c')), false);
  parsed.tree.delete();
});

test('an incremental re-parse equals a fresh parse, also when a directive line changes', async () => {
  const parser = await loadSwiftParser();
  let previous = parseSwift(parser, clean);
  const edits = [
    (text: string) => text.replace('downloadTask', 'uploadTask'),
    (text: string) => text.replace('    func start', '    #if DEBUG\n    func start').replace('resume() }\n', 'resume() }\n    #endif\n'),
    (text: string) => text.replace('#if DEBUG', '#if RELEASE'),
    (text: string) => text + 'func late() {}\n',
  ];
  let text = clean;
  for (const edit of edits) {
    text = edit(text);
    const incremental = parseSwift(parser, text, previous);
    const fresh = parseSwift(parser, text);
    assert.equal(incremental.tree.rootNode.toString(), fresh.tree.rootNode.toString());
    fresh.tree.delete();
    previous = incremental;
  }
  previous.tree.delete();
});

/** The smallest single edit from `before` to `after`, character by character. */
function smallestEdit(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  let start = 0;
  while (start < Math.min(before.length, after.length) && before[start] === after[start]) start++;
  let [oldEnd, newEnd] = [before.length, after.length];
  while (oldEnd > start && newEnd > start && before[oldEnd - 1] === after[newEnd - 1]) [oldEnd, newEnd] = [oldEnd - 1, newEnd - 1];
  return { start, oldEnd, newEnd };
}

/** Every node with its offsets: a re-parse from a wrong edit can give the right shape at the wrong places. */
function nodesWithOffsets(tree: { walk(): import('web-tree-sitter').TreeCursor }): string[] {
  const out: string[] = [];
  const cursor = tree.walk();
  for (;;) {
    out.push(`${cursor.nodeType}@${cursor.startIndex}-${cursor.endIndex}`);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        cursor.delete();
        return out;
      }
    }
  }
}

test('in a long document (many 4 KB blocks), edits at its start, middle and end re-parse to the fresh tree, offsets included', async () => {
  const parser = await loadSwiftParser();
  const classes = Array.from({ length: 120 }, (_, i) => clean.replace('Downloader', `Downloader${i}`).replace('import Foundation\n\n', '')).join('\n');
  let text = `import Foundation\n\n${classes}`;
  assert.ok(text.length > 5 * 4096);
  let previous = parseSwift(parser, text);
  const edits = [
    (t: string) => ` ${t}`, // the first character
    (t: string) => t.replace('Downloader60:', 'Downloader60x:'), // a block in the middle
    (t: string) => `${t}// end\n`, // the last line
    (t: string) => t.replace('Downloader60x:', 'Downloader60:'), // back again: a suffix equal over many blocks
    (t: string) => t.slice(0, t.indexOf('\n', t.length / 2)) + '\n' + t.slice(t.indexOf('\n', t.length / 2)), // an empty line in the middle
    (t: string) => t.replace(/\n\n/g, '\n'), // many changes: one edit spanning them
  ];
  for (const edit of edits) {
    const before = text;
    text = edit(text);
    const incremental = parseSwift(parser, text, previous);
    const fresh = parseSwift(parser, text);
    assert.deepEqual(incremental.change?.edit, smallestEdit(before, text), 'the edit handed to tree-sitter is the smallest one');
    assert.deepEqual(nodesWithOffsets(incremental.tree), nodesWithOffsets(fresh.tree));
    fresh.tree.delete();
    previous = incremental;
  }
  previous.tree.delete();
});

test('a file with #if lines and an error is read a second time without blanking only when the blanked reading has an ERROR node', async () => {
  const parser = await loadSwiftParser();
  const parses = (text: string) => {
    let calls = 0;
    const parse = parser.parse.bind(parser);
    parser.parse = ((...args: Parameters<typeof parse>) => {
      calls++;
      return parse(...args);
    }) as typeof parser.parse;
    try {
      const parsed = parseSwift(parser, text);
      parsed.tree.delete();
      return calls;
    } finally {
      parser.parse = parse;
    }
  };
  // Only a MISSING token (tree-sitter-swift reads a lone `()` argument so): the raw reading cannot have fewer ERROR nodes.
  assert.equal(parses('#if DEBUG\nlet debug = true\n#endif\nfunc f() {\n    g(\n        ()\n    )\n}\n'), 1);
  // An ERROR node: both readings are compared.
  assert.equal(parses('#if A\nfunc f() {\n#else\nfunc f(x: Int) {\n#endif\n    g()\n}\n'), 2);
});
