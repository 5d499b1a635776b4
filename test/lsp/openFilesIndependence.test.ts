// Findings must not depend on which files happen to be open in the editor: a finding that needs
// another file (a call site that hands a background configuration to an initializer) is the same
// whether that file is open, closed, or opened first, and the same as the CLI's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient, repoRoot } from './lspTestClient';

const client = `import Foundation

final class ChunkClient: NSObject, URLSessionDataDelegate {
    private let session: URLSession

    init(session: URLSession) {
        self.session = session
    }

    init(configuration: URLSessionConfiguration) {
        self.session = URLSession(configuration: configuration, delegate: nil, delegateQueue: nil)
        super.init()
    }

    func status(_ request: URLRequest) {
        session.dataTask(with: request).resume()
    }
}
`;

// Nothing here names URLSession: only the call site tells that the configuration is a background one.
const app = `import UIKit

final class Uploads {
    static let client = ChunkClient(configuration: .background(withIdentifier: "com.example.chunks"))
}
`;

const rule = 'data-task-on-background-session';
const describeDiagnostics = (diagnostics: Diagnostic[]) =>
  diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`).sort();

describe('findings do not depend on which files are open', () => {
  const root = mkdtempSync(join(tmpdir(), 'urlsession-lint-open-files-'));
  mkdirSync(join(root, 'App'));
  const clientPath = join(root, 'App', 'ChunkClient.swift');
  const appPath = join(root, 'App', 'Uploads.swift');
  writeFileSync(clientPath, client);
  writeFileSync(appPath, app);
  const clients: LspTestClient[] = [];
  after(async () => {
    for (const started of clients) await started.stop();
    rmSync(root, { recursive: true, force: true });
  });

  async function findingsOfClient(openFirst: string[]): Promise<string[]> {
    const lsp = LspTestClient.start();
    clients.push(lsp);
    await lsp.initialize(root);
    for (const path of openFirst) await lsp.open(path, path === appPath ? app : client, 1);
    const uri = await lsp.open(clientPath, client, 1);
    const diagnostics = await lsp.diagnostics(uri, { where: (found) => found.some((d) => d.code === rule) });
    return describeDiagnostics(diagnostics);
  }

  it('reports the same findings in the callee with the caller closed, opened first, and in the CLI', async () => {
    const alone = await findingsOfClient([]);
    const withCaller = await findingsOfClient([appPath]);
    assert.ok(alone.some((line) => line.startsWith(rule)), alone.join(', '));
    assert.deepEqual(withCaller, alone);
    // Exit code 1: findings were reported.
    const run = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), '--no-cache', '--format', 'json', root], { encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    const cli = JSON.parse(run.stdout) as { file: string; line: number; column: number; endLine: number; endColumn: number; rule: string }[];
    const fromCli = cli
      .filter((finding) => finding.file === clientPath)
      .map((finding) => `${finding.rule} ${finding.line - 1}:${finding.column - 1}-${finding.endLine - 1}:${finding.endColumn - 1}`)
      .sort();
    assert.deepEqual(alone, fromCli);
  });
});
