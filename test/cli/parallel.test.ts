// Two threads find exactly what one thread finds, also when a session made in one half is
// misused in the other.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { Engine } from '../../server/src/engine/engine';

const root = join(__dirname, '..', '..');

function makeWorkspace(): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'usl-parallel-'));
  mkdirSync(join(dir, 'Sources'));
  const files: string[] = [];
  const write = (name: string, text: string) => {
    const path = join(dir, 'Sources', name);
    writeFileSync(path, text);
    files.push(path);
  };
  for (let i = 0; i < 120; i++) {
    // Services of different sizes, so the two halves interleave.
    write(`Service${i}.swift`, `import Foundation

final class Service${i}: NSObject, URLSessionDelegate {
    static let shared = Service${i}()
    lazy var session = URLSession(configuration: .background(withIdentifier: "com.example.s${i}"), delegate: self, delegateQueue: nil)
${'    func pad() {}\n'.repeat(i % 7)}}
`);
    write(`Caller${i}.swift`, `import Foundation

func send${i}(_ data: Data, request: URLRequest) {
    Service${(i * 37) % 120}.shared.session.uploadTask(with: request, from: data).resume()
    URLSession.shared.dataTask(with: request) { _, _, _ in }.resume()
}
`);
  }
  return { dir, files };
}

test('linting 240 files on two threads equals linting them on one', async () => {
  const { dir, files } = makeWorkspace();
  const run = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), '--format', 'json', dir], { encoding: 'utf8' });
  assert.equal(run.status, 1, run.stderr);
  assert.equal(run.stderr, '');
  const parallel = (JSON.parse(run.stdout) as { file: string; line: number; column: number; rule: string }[])
    .map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`)
    .sort();
  const engine = await Engine.create();
  const serial = engine
    .lintFiles(files, (path) => readFileSync(path, 'utf8'))
    .map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.rule}`)
    .sort();
  assert.equal(parallel.filter((f) => f.endsWith('background-upload-from-data')).length, 120);
  assert.deepEqual(parallel, serial);
});
