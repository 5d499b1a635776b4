// Files changed on disk (workspace/didChangeWatchedFiles) are indexed the way the first index
// indexes them, one file or a branch switch's worth: the diagnostics afterwards equal those of a
// server started fresh on the same files.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from './lspTestClient';

const transfers = (identifier: string) => `import Foundation

final class Transfers: NSObject, URLSessionDelegate {
    static let shared = Transfers()
    lazy var session: URLSession = {
        let configuration = URLSessionConfiguration.background(withIdentifier: "${identifier}")
        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }()
}
`;

// Mentions no URLSession keyword: only the name Transfers leads the index here.
const uploader = (source: string) => `import Foundation

struct Uploader {
    func send(_ data: Data, file: URL, with request: URLRequest) {
        Transfers.shared.session.uploadTask(with: request, ${source}).resume()
    }
}
`;

const filler = (i: number, extra = '') => `import Foundation

struct Feature${i} {
    let title = "Feature ${i}"
    func describe() -> String { title.uppercased() }
}
${extra}`;

const rule = 'background-upload-from-data';
const scratch: string[] = [];
const clients: LspTestClient[] = [];

function makeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'urlsession-lint-watched-'));
  scratch.push(root);
  writeTree(root, files);
  return root;
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

async function startOn(root: string): Promise<LspTestClient> {
  const client = LspTestClient.start();
  clients.push(client);
  await client.initialize(root);
  await client.waitForNotification('window/logMessage', 0, (p) => /indexed \d+ Swift files/.test(p.message), 60_000);
  return client;
}

/** Lint Workspace, and the diagnostics it published, by file name relative to `root`. */
async function workspaceDiagnostics(client: LspTestClient, root: string): Promise<Record<string, Diagnostic[]>> {
  const since = client.mark();
  await client.request('urlsessionLint/lintWorkspace', {});
  const byFile: Record<string, Diagnostic[]> = {};
  for (const message of client.received.slice(since)) {
    if (message.method !== 'textDocument/publishDiagnostics') continue;
    const name = decodeURIComponent(message.params.uri as string).slice(pathToFileURL(root).href.length + 1);
    byFile[name] = message.params.diagnostics;
  }
  return byFile;
}

async function changedOnDisk(client: LspTestClient, root: string, changes: { name: string; type: 1 | 2 | 3 }[]): Promise<void> {
  const since = client.mark();
  await client.notify('workspace/didChangeWatchedFiles', {
    changes: changes.map(({ name, type }) => ({ uri: pathToFileURL(join(root, name)).href, type })),
  });
  await client.waitForNotification('window/logMessage', since, (p) => /re-indexed \d+ changed files/.test(p.message), 60_000);
}

const rulesOf = (diagnostics: Diagnostic[] | undefined) => (diagnostics ?? []).map((d) => d.code);

describe('watched files', () => {
  after(async () => {
    await Promise.all(clients.map((client) => client.stop()));
    for (const root of scratch) rmSync(root, { recursive: true, force: true });
  });

  it('a file changed on disk is indexed like the first index: names lead to it too', async () => {
    const root = makeTree({ 'Transfers.swift': transfers('com.example.transfers'), 'Uploader.swift': uploader('from: data') });
    const client = await startOn(root);
    assert.deepEqual(rulesOf((await workspaceDiagnostics(client, root))['Uploader.swift']), [rule]);

    writeFileSync(join(root, 'Uploader.swift'), `${uploader('from: data')}// edited\n`);
    await changedOnDisk(client, root, [{ name: 'Uploader.swift', type: 2 }]);
    const afterChange = await workspaceDiagnostics(client, root);
    assert.deepEqual(rulesOf(afterChange['Uploader.swift']), [rule], 'the finding of the batch path is kept');
    assert.deepEqual(afterChange, await workspaceDiagnostics(await startOn(root), root));
  });

  it('a document closed again is indexed like the first index too', async () => {
    const root = makeTree({ 'Transfers.swift': transfers('com.example.transfers'), 'Uploader.swift': uploader('from: data') });
    const client = await startOn(root);
    const path = join(root, 'Uploader.swift');
    const uri = await client.open(path, readFileSync(path, 'utf8'), 1);
    await client.diagnostics(uri, { where: (found) => rulesOf(found).includes(rule) });
    await client.close(uri);
    const afterClose = await workspaceDiagnostics(client, root);
    assert.deepEqual(rulesOf(afterClose['Uploader.swift']), [rule]);
    assert.deepEqual(afterClose, await workspaceDiagnostics(await startOn(root), root));
  });

  it('after a branch switch (hundreds of files at once) the diagnostics equal a fresh server\'s', async () => {
    const files: Record<string, string> = {
      'App/Transfers.swift': transfers('com.example.transfers'),
      'App/Uploader.swift': uploader('from: data'),
    };
    for (let i = 0; i < 240; i++) files[`Features/Feature${i}.swift`] = filler(i);
    const root = makeTree(files);
    const client = await startOn(root);
    const openPath = join(root, 'App', 'Open.swift');
    const openText = filler(999, 'func sendNow(_ data: Data, _ request: URLRequest) {\n    Transfers.shared.session.uploadTask(with: request, from: data).resume()\n}\n');
    writeFileSync(openPath, openText);
    const openUri = await client.open(openPath, openText, 1);
    await client.diagnostics(openUri, { where: (found) => rulesOf(found).includes(rule) });

    // The other branch: every feature changes, one goes, one comes with the mistake, the uploader is fixed.
    const changes: { name: string; type: 1 | 2 | 3 }[] = [];
    for (let i = 0; i < 240; i++) {
      const name = `Features/Feature${i}.swift`;
      if (i === 7) {
        rmSync(join(root, name));
        changes.push({ name, type: 3 });
        continue;
      }
      writeFileSync(join(root, name), filler(i, `extension Feature${i} { var count: Int { title.count } }\n`));
      changes.push({ name, type: 2 });
    }
    writeTree(root, { 'App/Uploader.swift': uploader('fromFile: file'), 'Features/Sync.swift': uploader('from: data').replace('Uploader', 'SyncUploader') });
    changes.push({ name: 'App/Uploader.swift', type: 2 }, { name: 'Features/Sync.swift', type: 1 });
    await changedOnDisk(client, root, changes);

    const afterStorm = await workspaceDiagnostics(client, root);
    assert.deepEqual(rulesOf(afterStorm['Features/Sync.swift']), [rule]);
    assert.deepEqual(rulesOf(afterStorm['App/Uploader.swift']), []);
    assert.deepEqual(rulesOf(afterStorm['App/Open.swift']), [rule]);
    const fresh = await startOn(root);
    await fresh.open(openPath, readFileSync(openPath, 'utf8'), 1);
    assert.deepEqual(afterStorm, await workspaceDiagnostics(fresh, root));
  });
});
