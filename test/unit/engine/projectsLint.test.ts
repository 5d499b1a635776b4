// A folder of separate checkouts is linted one project at a time: its findings are exactly those
// of linting each checkout on its own, even where one workspace of everything would find more
// (another repository's session is not a session this app's handleEvents must tell apart).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import test from 'node:test';
import { Engine } from '../../../server/src/engine/engine';
import type { Finding } from '../../../server/src/engine/findings';
import { contentHash } from '../../../server/src/engine/lintCache';
import { lintProjects } from '../../../server/src/engine/projectsLint';
import { swiftFilesIn } from '../../support/lintFixture';

const describe = (findings: Finding[]) => findings.map((f) => `${f.file}:${f.range.start.line + 1} ${f.rule}`).sort();
const read = (path: string) => readFileSync(path, 'utf8');

const manifest = (name: string) =>
  `// swift-tools-version:5.9\nimport PackageDescription\nlet package = Package(name: "${name}", targets: [.target(name: "${name}")])\n`;

test('a folder of checkouts gets the findings of each checkout linted on its own', async () => {
  const root = mkdtempSync(join(tmpdir(), 'urlsession-lint-projects-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  try {
    // Each app makes one background session and wakes it in handleEvents: correct on its own.
    for (const [project, identifier] of [
      ['Alpha', 'com.example.alpha'],
      ['Beta', 'com.example.beta'],
    ]) {
      write(`${project}/Package.swift`, manifest(project));
      write(
        `${project}/Sources/${project}/AppDelegate.swift`,
        `import UIKit

final class AppDelegate: UIResponder, UIApplicationDelegate, URLSessionDelegate {
    var completion: (() -> Void)?
    lazy var session = URLSession(configuration: .background(withIdentifier: "${identifier}"), delegate: self, delegateQueue: nil)

    func application(_ application: UIApplication, handleEventsForBackgroundURLSession identifier: String, completionHandler: @escaping () -> Void) {
        completion = completionHandler
        _ = session
    }

    func urlSessionDidFinishEvents(forBackgroundURLSession session: URLSession) {
        completion?()
    }
}
`,
      );
    }
    // A broken property list: reported only where the project's files were discovered.
    write('Alpha/Sources/Alpha/Info.plist', '<?xml version="1.0"?><plist><dict><key>x</key>');
    const files = swiftFilesIn(root);
    const separately: Finding[] = [];
    for (const project of ['Alpha', 'Beta']) {
      separately.push(...(await lintProjects({}, swiftFilesIn(join(root, project)), read)).findings);
    }
    const together = await lintProjects({}, files, read);
    assert.deepEqual(describe(together.findings), describe(separately));
    assert.equal(together.parsed.size, 2);

    // On two worker threads: the same outcome, merged in project order.
    process.env.URLSESSION_LINT_JOBS = '2';
    try {
      const onWorkers = await lintProjects({}, files, read);
      assert.equal(onWorkers.onWorkers, 2);
      assert.deepEqual(onWorkers.findings, together.findings);
      assert.deepEqual([...onWorkers.parsed].sort(), [...together.parsed].sort());
      assert.deepEqual([...onWorkers.followedNames], [...together.followedNames]);
      // The workers are sent what the main thread discovered under each project: the same problems.
      assert.equal(together.projectProblems.length, 1, JSON.stringify(together.projectProblems));
      assert.deepEqual(onWorkers.projectProblems, together.projectProblems);

      // Workers reading the files themselves: the same outcome, each file told back once, in
      // project order, with its content hash; a binary file with why it was skipped.
      write('Beta/Sources/Beta/Blob.swift', 'let x = 1\u0000');
      const withBlob = swiftFilesIn(root);
      const told: [string, string | undefined][] = [];
      const readOnWorkers = await lintProjects({}, withBlob, () => assert.fail('the main thread read a file'), {
        held: () => undefined,
        onRead: (file, problem) => told.push([file, problem]),
        hash: true,
      });
      assert.deepEqual(readOnWorkers.findings, together.findings);
      assert.deepEqual(told.map(([file]) => file), withBlob);
      assert.deepEqual(told.filter(([, problem]) => problem), [[join(root, 'Beta/Sources/Beta/Blob.swift'), 'binary file (contains NUL bytes)']]);
      assert.deepEqual(
        [...readOnWorkers.hashes].sort(),
        files.map((file) => [file, contentHash(read(file))]).sort(),
      );
    } finally {
      delete process.env.URLSESSION_LINT_JOBS;
    }

    // One workspace of both would take the other app's session for a second one of this app.
    const oneWorkspace = await Engine.create();
    const mixed = describe(oneWorkspace.lintFiles(files, read));
    assert.ok(
      mixed.some((finding) => finding.endsWith('handle-events-ignores-identifier')),
      `one workspace of both checkouts mixes their sessions: ${mixed.join(', ')}`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
