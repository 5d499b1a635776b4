// Facts extracted with the chunk cache after edits equal a fresh extraction of the same text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { ChunkCache } from '../../../server/src/facts/chunkCache';
import { extractFacts } from '../../../server/src/facts/extractFacts';
import { loadSwiftParser, parseSwift } from '../../../server/src/parse/swiftParser';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'rules');

const source = `import Foundation

final class Transfers: NSObject, URLSessionDownloadDelegate {
    static let shared = Transfers()
    lazy var session = URLSession(configuration: .background(withIdentifier: "com.example.t"), delegate: self, delegateQueue: nil)

    func start(_ url: URL) { session.downloadTask(with: url).resume() }
    func urlSession(_ session: URLSession, downloadTask: URLSessionDownloadTask, didFinishDownloadingTo location: URL) {}
}

import Alamofire
let api = Session(configuration: .default)

struct Twin { func same() {} }
struct Twin2 { func same() {} }

func upload(_ data: Data, request: URLRequest) {
    Transfers.shared.session.uploadTask(with: request, from: data).resume()
}
`;

/** Function ids are fresh per extraction; everything else must match. */
function comparable(facts: unknown): string {
  return JSON.stringify(facts, (key, value) => (key === 'id' || key === 'functionId' ? undefined : value));
}

test('cached chunks are moved to their new offsets and equal a fresh extraction', async () => {
  const parser = await loadSwiftParser();
  const cache = new ChunkCache();
  let text = source;
  let parsed = parseSwift(parser, text);
  extractFacts('a.swift', parsed.tree.rootNode, cache);
  const edits: ((t: string) => string)[] = [
    (t) => t.replace('import Foundation', 'import Foundation\nimport OSLog'), // shifts every chunk
    (t) => t.replace('from: data', 'from: data '), // inside the last function
    (t) => t.replace('"com.example.t"', '"com.example.transfers"'), // inside a member
    (t) => t.replace('struct Twin2', 'struct Twin3'),
  ];
  for (const edit of edits) {
    text = edit(text);
    parsed = parseSwift(parser, text, parsed);
    const incremental = extractFacts('a.swift', parsed.tree.rootNode, cache, parsed.change);
    const fresh = extractFacts('a.swift', parsed.tree.rootNode);
    assert.equal(comparable(incremental), comparable(fresh));
    assert.equal(incremental.alamofireSessions.length, 1, 'every kind of fact is carried by cached chunks');
    for (const session of incremental.sessionCreations) {
      assert.ok(text.slice(session.span.start, session.span.end).startsWith('URLSession('), 'spans point at the session in the new text');
    }
  }
});

test('a chunk is reused only where the parse says the structure did not change', async () => {
  const parser = await loadSwiftParser();
  const cache = new ChunkCache();
  const text = 'final class A { func f() { exit(0) } }\n';
  const parsed = parseSwift(parser, text);
  const first = extractFacts('c.swift', parsed.tree.rootNode, cache);
  const noEdit = { start: text.length, oldEnd: text.length, newEnd: text.length };
  // Same tree, no changed range: the cached chunk (and its function id) comes back.
  assert.equal(extractFacts('c.swift', parsed.tree.rootNode, cache, { edit: noEdit, changedRanges: [] }).functions[0].id, first.functions[0].id);
  // A changed range over the chunk: extracted afresh.
  const afresh = extractFacts('c.swift', parsed.tree.rootNode, cache, { edit: noEdit, changedRanges: [{ start: 20, end: 21 }] });
  assert.notEqual(afresh.functions[0].id, first.functions[0].id);
});

test('two identical declarations in one file get distinct function ids', async () => {
  const parser = await loadSwiftParser();
  const cache = new ChunkCache();
  const text = 'extension A { func same() {} }\nextension A { func same() {} }\n';
  const parsed = parseSwift(parser, text);
  extractFacts('b.swift', parsed.tree.rootNode, cache);
  const again = extractFacts('b.swift', parsed.tree.rootNode, cache, { edit: { start: 0, oldEnd: 0, newEnd: 0 }, changedRanges: [] });
  const ids = again.functions.map((fn) => fn.id);
  assert.equal(new Set(ids).size, 2);
});

test('delegate facts of reused chunks equal a fresh extraction after edits all over every rule fixture', async () => {
  const parser = await loadSwiftParser();
  const files = readdirSync(fixtures, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.swift'));
  assert.ok(files.length > 100, 'the rule fixtures are found');
  let reusedSomewhere = 0;
  for (const file of files) {
    const cache = new ChunkCache();
    let text = readFileSync(join(fixtures, file), 'utf8');
    let parsed = parseSwift(parser, text);
    extractFacts(file, parsed.tree.rootNode, cache);
    const lineCount = text.split('\n').length;
    // A space typed at the start of a line, a letter at its end, then the line removed: inside
    // delegate methods, handleEvents bodies, SwiftUI modifiers and between declarations.
    for (let line = 1; line < lineCount; line += Math.max(1, Math.floor(lineCount / 4))) {
      const edits: ((lines: string[]) => void)[] = [
        (lines) => (lines[line] = ` ${lines[line]}`),
        (lines) => (lines[line] = `${lines[line]}x`),
        (lines) => lines.splice(line, 1),
      ];
      for (const edit of edits) {
        const lines = text.split('\n');
        if (line >= lines.length) break;
        edit(lines);
        text = lines.join('\n');
        parsed = parseSwift(parser, text, parsed);
        const incremental = extractFacts(file, parsed.tree.rootNode, cache, parsed.change);
        const fresh = extractFacts(file, parsed.tree.rootNode);
        // Compared part by part: a whole file's facts make an unreadable message.
        for (const name of Object.keys(fresh) as (keyof typeof fresh)[]) {
          assert.equal(comparable(incremental[name]), comparable(fresh[name]), `${file}, line ${line + 1}: ${name}`);
        }
        if (!parsed.tree.rootNode.hasError) reusedSomewhere++;
      }
    }
    parsed.tree.delete();
  }
  assert.ok(reusedSomewhere > 150, `edits that left a clean tree: ${reusedSomewhere}`);
});

test('typing a word letter by letter, above and inside declarations, keeps every moved span equal to a fresh extraction', async () => {
  const parser = await loadSwiftParser();
  const cache = new ChunkCache();
  let text = source;
  let parsed = parseSwift(parser, text);
  const uploadId = () => incrementalFacts.functions.find((fn) => fn.name === 'upload')?.id;
  let incrementalFacts = extractFacts('d.swift', parsed.tree.rootNode, cache);
  // Each keystroke moves the chunks after it by one more: their spans are shifted in place again and again.
  const places = [source.indexOf('final class'), source.indexOf('func start'), source.indexOf('struct Twin2')];
  let typed = 0;
  for (const place of places) {
    // A new line first, then a comment typed into it.
    const keystrokes: [string, number][] = [['\n', 0], ...[...'// note'].map((letter, i): [string, number] => [letter, i])];
    for (const [letter, offset] of keystrokes) {
      const at = place + typed + offset;
      text = text.slice(0, at) + letter + text.slice(at);
      parsed = parseSwift(parser, text, parsed);
      const idBefore = uploadId();
      incrementalFacts = extractFacts('d.swift', parsed.tree.rootNode, cache, parsed.change);
      const fresh = extractFacts('d.swift', parsed.tree.rootNode);
      assert.equal(comparable(incrementalFacts), comparable(fresh), `after typing ${JSON.stringify(letter)} at ${at}`);
      // Typing inside the comment: the last function (below every keystroke) is reused and moved.
      if ('note'.includes(letter)) assert.equal(uploadId(), idBefore, `upload reused after typing at ${at}`);
    }
    typed += keystrokes.length;
  }
  assert.ok(incrementalFacts.sessionCreations.every((session) => text.slice(session.span.start, session.span.end).startsWith('URLSession(')));
});
