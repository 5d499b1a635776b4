// Which files indexing parses, and that the gradual variant lets the event loop run.
import assert from 'node:assert/strict';
import test from 'node:test';
import { Parser } from 'web-tree-sitter';
import { Engine } from '../../../server/src/engine/engine';
import { FactsWorker } from '../../../server/src/engine/factsWorker';
import type { FileFacts } from '../../../server/src/facts/facts';

const files: Record<string, string> = {
  '/w/Service.swift': `final class TransferService: NSObject, URLSessionDelegate {
    static let shared = TransferService()
    lazy var session = URLSession(configuration: .background(withIdentifier: Identifiers.uploads), delegate: self, delegateQueue: nil)
}`,
  // No keyword, but it uses the type that owns a background session: parsed in the second pass.
  '/w/Caller.swift': `func send(_ data: Data, request: URLRequest) {
    TransferService.shared.session.uploadTask(with: request, from: data).resume()
}`,
  // Declares the identifier constant: parsed in the second pass too.
  '/w/Identifiers.swift': `enum Identifiers { static let uploads = "com.example.uploads" }`,
  // Mentions only everyday names (String, Date): never parsed.
  '/w/Model.swift': `struct Note { let title: String; let date: Date }`,
};

test('the second pass parses files that lead to a session, not every file that names a common type', async () => {
  const engine = await Engine.create();
  const parsed = engine.indexFiles(Object.keys(files), (path) => files[path]);
  assert.deepEqual(parsed.sort(), ['/w/Caller.swift', '/w/Identifiers.swift', '/w/Service.swift']);
  assert.equal(engine.factsOf('/w/Model.swift'), undefined);
  const findings = engine.lint('/w/Caller.swift');
  assert.deepEqual(findings.map((finding) => finding.rule), ['background-upload-from-data']);
});

test('gradual indexing yields to the event loop and parses the same files', async () => {
  const engine = await Engine.create();
  const many: Record<string, string> = { ...files };
  // Download delegates: parsed in the first pass, which must yield while it works.
  for (let i = 0; i < 300; i++) {
    many[`/w/Filler${i}.swift`] = `final class Filler${i}: NSObject, URLSessionDownloadDelegate { func urlSession(_ s: URLSession, downloadTask: URLSessionDownloadTask, didFinishDownloadingTo location: URL) { print(${i}) } }\n`.repeat(20);
  }
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 0);
  const progress: number[] = [];
  const parsed = await engine.indexFilesGradually(Object.keys(many), (path) => many[path], (done) => progress.push(done), 5);
  clearInterval(ticker);
  assert.ok(ticks > 0, 'timers ran while indexing');
  assert.ok(progress.length > 1 && progress[progress.length - 1] === Object.keys(many).length);
  assert.ok(parsed.includes('/w/Caller.swift') && parsed.includes('/w/Identifiers.swift'));
  assert.ok(!parsed.includes('/w/Model.swift'));
});

test('a class conforming to an extension principal type marks its file; an open SDK base class does not', async () => {
  const engine = await Engine.create();
  const sources: Record<string, string> = {
    '/e/NotificationService.swift': 'import UserNotifications\nclass NotificationService: UNNotificationServiceExtension { let s = URLSession.shared }\n',
    '/sdk/BaseService.swift': 'import UserNotifications\nopen class BaseServiceExtension: UNNotificationServiceExtension { let s = URLSession.shared }\n',
  };
  engine.indexFiles(Object.keys(sources), (path) => sources[path]);
  assert.deepEqual(engine.extensionPrincipalFiles(), ['/e/NotificationService.swift']);
});

/**
 * Facts with function ids numbered in order of appearance: ids are unique per thread, and the
 * worker numbers from a range of its own.
 */
function withIdsInOrder(facts: FileFacts | undefined): unknown {
  const order = new Map<number, number>();
  const renumber = (value: unknown, key?: string): unknown => {
    if (Array.isArray(value)) return value.map((item) => renumber(item));
    if (typeof value === 'number' && (key === 'id' || key === 'functionId')) {
      if (!order.has(value)) order.set(value, order.size);
      return order.get(value);
    }
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renumber(v, k)]));
  };
  return renumber(facts);
}

test('gradual indexing on the facts worker gives the facts and findings of indexing here; a worker that dies loses nothing', async () => {
  const here = await Engine.create();
  const parsedHere = here.indexFiles(Object.keys(files), (path) => files[path]);
  const onWorker = await Engine.create();
  onWorker.useFactsWorker();
  let sent = 0;
  const facts = FactsWorker.prototype.facts;
  FactsWorker.prototype.facts = function (path, text) {
    sent++;
    return facts.call(this, path, text);
  };
  try {
    const parsed = await onWorker.indexFilesGradually(Object.keys(files), (path) => files[path]);
    assert.deepEqual(parsed, parsedHere);
    assert.equal(sent, parsedHere.length, 'every parsed file went to the worker');
    for (const path of Object.keys(files)) assert.deepEqual(withIdsInOrder(onWorker.factsOf(path)), withIdsInOrder(here.factsOf(path)), path);
    assert.deepEqual(onWorker.lint('/w/Caller.swift'), here.lint('/w/Caller.swift'));

    // The worker gone, the next index analyses its files on this thread.
    await onWorker.dispose();
    const again = await Engine.create();
    again.useFactsWorker();
    FactsWorker.prototype.facts = function (path, text) {
      void this.close();
      return facts.call(this, path, text);
    };
    assert.deepEqual(await again.indexFilesGradually(Object.keys(files), (path) => files[path]), parsedHere);
    for (const path of Object.keys(files)) assert.deepEqual(withIdsInOrder(again.factsOf(path)), withIdsInOrder(here.factsOf(path)), path);
    await again.dispose();
  } finally {
    FactsWorker.prototype.facts = facts;
    await onWorker.dispose();
  }
});

test('linting an indexed file parses it again only when a rule needs its tree', async () => {
  const engine = await Engine.create();
  engine.indexFiles(Object.keys(files), (path) => files[path]);
  const parse = Parser.prototype.parse;
  let parses = 0;
  Parser.prototype.parse = function (...args: Parameters<typeof parse>) {
    parses++;
    return parse.apply(this, args);
  };
  try {
    assert.deepEqual(engine.lint('/w/Identifiers.swift'), []);
    assert.deepEqual(engine.lint('/w/Service.swift'), []);
    assert.equal(parses, 0, 'files without findings are linted from their facts');
  } finally {
    Parser.prototype.parse = parse;
  }
  // A finding with a fix needs the tree: the same finding as linting with the tree kept.
  const kept = await Engine.create();
  kept.indexFiles(Object.keys(files), (path) => files[path], undefined, true);
  assert.deepEqual(engine.lint('/w/Caller.swift'), kept.lint('/w/Caller.swift'));
});
