// Which task-creating calls make a task that never runs: dropped, or kept only to be looked at and
// handed to delegate methods. Anything that may start the task counts as resumed.
import assert from 'node:assert/strict';
import test from 'node:test';
import { extractFacts } from '../../../server/src/facts/extractFacts';
import { loadSwiftParser, parseSwift } from '../../../server/src/parse/swiftParser';

const source = `func shapes(session: URLSession, url: URL, delegate: URLSessionDataDelegate) -> URLSessionTask {
    let fed = session.dataTask(with: URL(string: "https://never.example")!)
    delegate.urlSession?(session, dataTask: fed, didReceive: Data())
    assert(fed.state == .suspended)
    _ = session.downloadTask(with: URL(string: "https://dropped.example")!)
    session.dataTask(with: URL(string: "https://unused.example")!)
    session.dataTask(with: URL(string: "https://chained.example")!).resume()
    let started = session.dataTask(with: URL(string: "https://started.example")!)
    started.resume()
    let handed = session.dataTask(with: URL(string: "https://handed.example")!)
    enqueue(handed)
    let kept = session.dataTask(with: URL(string: "https://kept.example")!)
    return kept
}

func factory(session: URLSession, url: URL) -> URLSessionTask {
    session.downloadTask(with: URL(string: "https://returned.example")!)
}
`;

test('never-resumed tasks: dropped or only fed to delegate methods; resumed, passed on or returned ones are not', async () => {
  const parsed = parseSwift(await loadSwiftParser(), source);
  const facts = extractFacts('/shapes.swift', parsed.tree.rootNode);
  const hosts = facts.neverResumedTasks.map((span) => /https:\/\/(\w+)\.example/.exec(source.slice(span.start, span.end))?.[1]);
  assert.deepEqual(hosts.sort(), ['dropped', 'never', 'unused']);
  parsed.tree.delete();
});
