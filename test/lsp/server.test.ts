// Protocol tests that hold whatever the rules find: the server's handshake, document sync,
// settings, watched files, malformed configuration and project files, disable comments,
// robustness. They start the built server (dist/server.js) over stdio.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic, InitializeResult } from 'vscode-languageserver-protocol';
import { LspTestClient, defaultClientCapabilities, rangeOf, serverBundle } from './lspTestClient';

const appDelegate = `//
//  AppDelegate.swift
//  Demo
//

import UIKit

class AppDelegate: UIResponder, UIApplicationDelegate {
    func applicationDidEnterBackground(_ application: UIApplication) {
        exit(0)
    }
}
`;

let workspace: string;
let client: LspTestClient;

function makeWorkspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'urlsession-lint-lsp-'));
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(join(root, relative, '..'), { recursive: true });
    writeFileSync(join(root, relative), text);
  }
  return root;
}

async function startIn(root: string, settings: Record<string, unknown> = {}): Promise<InitializeResult> {
  client = LspTestClient.start();
  client.settings = () => settings;
  return client.initialize(root);
}

/** A diagnostic of ours, as the editor would send it back in a code action context. */
function ourDiagnostic(text: string, needle: string, code: string): Diagnostic {
  return { range: rangeOf(text, needle), severity: 1, source: 'urlsession-lint', code, message: `synthetic ${code}` };
}

afterEach(async () => {
  await client?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe('language server: handshake', () => {
  it('declares incremental sync, code action kinds including fix-all, and hovers', async () => {
    workspace = makeWorkspace({ 'App/AppDelegate.swift': appDelegate });
    const result = await startIn(workspace);
    const sync = result.capabilities.textDocumentSync as { change: number; openClose: boolean; save: unknown };
    assert.equal(sync.change, 2, 'incremental');
    assert.equal(sync.openClose, true);
    assert.ok(sync.save);
    const kinds = (result.capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds;
    assert.ok(kinds.includes('quickfix'));
    assert.ok(kinds.includes('source.fixAll.urlsessionLint'));
    assert.ok(kinds.includes('refactor.rewrite'));
    assert.equal(result.capabilities.hoverProvider, true);
  });

  it('registers file watchers for Swift, project, plist, entitlements and config files', async () => {
    workspace = makeWorkspace({ 'App/AppDelegate.swift': appDelegate });
    await startIn(workspace);
    const registration = await client.waitFor(
      (m) =>
        m.method === 'client/registerCapability' &&
        m.params.registrations.some((r: { method: string }) => r.method === 'workspace/didChangeWatchedFiles'),
      'the watched-files registration',
    );
    const watcher = registration.params.registrations.find((r: { method: string }) => r.method === 'workspace/didChangeWatchedFiles');
    const globs = watcher.registerOptions.watchers.map((w: { globPattern: string }) => w.globPattern);
    for (const glob of ['**/*.swift', '**/project.pbxproj', '**/project.yml', '**/Package.swift', '**/*.plist', '**/*.entitlements', '**/.urlsession-lint.yml']) {
      assert.ok(globs.includes(glob), `missing ${glob}`);
    }
  });

  it('indexes the workspace with work-done progress that begins and ends', async () => {
    workspace = makeWorkspace({ 'App/AppDelegate.swift': appDelegate, 'App/Other.swift': 'let x = 1\n' });
    await startIn(workspace);
    const create = await client.waitFor((m) => m.method === 'window/workDoneProgress/create', 'a progress token');
    const token = create.params.token;
    await client.waitForNotification('$/progress', 0, (p) => p.token === token && p.value.kind === 'begin');
    await client.waitForNotification('$/progress', 0, (p) => p.token === token && p.value.kind === 'end');
    const log = await client.waitForNotification('window/logMessage', 0, (p) => /indexed \d+ Swift files/.test(p.message));
    assert.match(log.params.message, /indexed 2 Swift files/);
  });

  it('also speaks node-ipc', async () => {
    const child = fork(serverBundle, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.listen();
    try {
      const result = (await connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: {},
        workspaceFolders: null,
      })) as InitializeResult;
      assert.equal(result.capabilities.hoverProvider, true);
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});

describe('language server: documents', () => {
  before(() => {
    workspace = '';
  });

  it('publishes diagnostics for an opened document with its version, then reports the analysis', async () => {
    workspace = makeWorkspace({ 'App/AppDelegate.swift': appDelegate });
    await startIn(workspace);
    const uri = await client.open(join(workspace, 'App/AppDelegate.swift'), appDelegate, 7);
    const diagnostics = await client.diagnostics(uri, { version: 7 });
    assert.ok(Array.isArray(diagnostics));
    const done = await client.waitForNotification('urlsessionLint/analysisDone', 0, (p) => p.uri === uri && p.version === 7);
    assert.equal(typeof done.params.analysisMs, 'number');
    assert.equal(done.params.errors + done.params.warnings + done.params.infos, diagnostics.length);
  });

  it('after a burst of incremental edits, publishes the last version and never goes back to an older one', async () => {
    workspace = makeWorkspace({ 'App/AppDelegate.swift': appDelegate });
    await startIn(workspace);
    const uri = await client.open(join(workspace, 'App/AppDelegate.swift'), appDelegate, 1);
    await client.diagnostics(uri, { version: 1 });
    const since = client.mark();
    let version = 1;
    for (let i = 0; i < 20; i++) {
      const at = rangeOf(client.text(uri), 'exit(0)').end;
      version = await client.change(uri, [{ range: { start: at, end: at }, text: i % 2 === 0 ? ' ' : '' }]);
    }
    await client.diagnostics(uri, { version, since });
    const versions = client.received
      .slice(since)
      .filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri)
      .map((m) => m.params.version as number);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions only go up');
    assert.ok(versions.length < 20, `a burst is debounced (got ${versions.length} publishes for 20 edits)`);
    assert.equal(client.text(uri).includes('exit(0)'), true);
  });

  it('with run: onSave, lints on open and save but not while typing', async () => {
    workspace = makeWorkspace({ 'App/AppDelegate.swift': appDelegate });
    await startIn(workspace, { run: 'onSave' });
    const uri = await client.open(join(workspace, 'App/AppDelegate.swift'), appDelegate, 1);
    await client.diagnostics(uri, { version: 1 });
    const since = client.mark();
    const at = rangeOf(client.text(uri), 'exit(0)').start;
    const version = await client.change(uri, [{ range: { start: at, end: at }, text: '// ' }]);
    await client.save(uri);
    await client.diagnostics(uri, { version, since });
    const publishes = client.received.slice(since).filter((m) => m.method === 'textDocument/publishDiagnostics');
    assert.equal(publishes.length, 1, 'only the save published');
  });

  it('with enable: false, publishes no diagnostics', async () => {
    workspace = makeWorkspace({ 'App/AppDelegate.swift': appDelegate });
    await startIn(workspace, { enable: false });
    const uri = await client.open(join(workspace, 'App/AppDelegate.swift'), appDelegate, 1);
    assert.deepEqual(await client.diagnostics(uri, { version: 1 }), []);
  });

  it('asks for the settings again after didChangeConfiguration and re-validates open documents', async () => {
    workspace = makeWorkspace({ 'App/AppDelegate.swift': appDelegate });
    await startIn(workspace);
    const uri = await client.open(join(workspace, 'App/AppDelegate.swift'), appDelegate, 1);
    await client.diagnostics(uri, { version: 1 });
    const since = client.mark();
    client.settings = () => ({ enable: false });
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor((m) => m.method === 'workspace/configuration', 'a new configuration request', since);
    await client.diagnostics(uri, { since, where: (diagnostics) => diagnostics.length === 0 });
  });

  it('clears the diagnostics of a closed document that lintWorkspace did not publish', async () => {
    workspace = makeWorkspace({ 'App/AppDelegate.swift': appDelegate });
    await startIn(workspace);
    const uri = await client.open(join(workspace, 'App/AppDelegate.swift'), appDelegate, 1);
    await client.diagnostics(uri, { version: 1 });
    const since = client.mark();
    await client.close(uri);
    await client.diagnostics(uri, { since, where: (diagnostics) => diagnostics.length === 0 });
  });
});

describe('language server: code actions without findings', () => {
  it('offers "Disable <rule> for this line" and "for this file" for our diagnostics', async () => {
    workspace = makeWorkspace({ 'App/AppDelegate.swift': appDelegate });
    await startIn(workspace);
    const uri = await client.open(join(workspace, 'App/AppDelegate.swift'), appDelegate, 1);
    await client.diagnostics(uri, { version: 1 });
    const diagnostic = ourDiagnostic(appDelegate, 'exit(0)', 'debug-exit-unguarded');
    const actions = await client.codeActions(uri, diagnostic.range, { diagnostics: [diagnostic] });
    const line = actions.find((a) => a.title === 'Disable debug-exit-unguarded for this line');
    const file = actions.find((a) => a.title === 'Disable debug-exit-unguarded for this file');
    assert.ok(line && file, `got ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(line.kind, 'quickfix');

    const afterLine = await client.applyEdit(line.edit!, uri);
    assert.match(afterLine, /^ {8}exit\(0\) \/\/ urlsession-lint:disable:this debug-exit-unguarded$/m);

    const fileActions = await client.codeActions(uri, diagnostic.range, { diagnostics: [diagnostic] });
    const afterFile = await client.applyEdit(fileActions.find((a) => a.title.endsWith('for this file'))!.edit!, uri);
    assert.ok(
      afterFile.startsWith('//\n//  AppDelegate.swift\n//  Demo\n//\n\n// urlsession-lint:disable debug-exit-unguarded\nimport UIKit\n'),
      afterFile,
    );
  });

  it('offers no disable comment for invalid-suppression and ignores other sources', async () => {
    workspace = makeWorkspace({ 'App/AppDelegate.swift': appDelegate });
    await startIn(workspace);
    const uri = await client.open(join(workspace, 'App/AppDelegate.swift'), appDelegate, 1);
    const invalid = ourDiagnostic(appDelegate, 'exit(0)', 'invalid-suppression');
    const foreign: Diagnostic = { ...ourDiagnostic(appDelegate, 'exit(0)', 'x'), source: 'swiftlint' };
    const actions: CodeAction[] = await client.codeActions(uri, invalid.range, { diagnostics: [invalid, foreign] });
    assert.deepEqual(actions.map((a) => a.title), []);
  });

  it('returns no fix-all action when nothing safe is to be fixed, and nothing for unknown documents', async () => {
    workspace = makeWorkspace({ 'App/Other.swift': 'let x = 1\n' });
    await startIn(workspace);
    const uri = await client.open(join(workspace, 'App/Other.swift'), 'let x = 1\n', 1);
    await client.diagnostics(uri, { version: 1 });
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    assert.deepEqual(await client.codeActions(uri, range, { diagnostics: [], only: ['source.fixAll.urlsessionLint'] }), []);
    assert.deepEqual(await client.codeActions(pathToFileURL(join(workspace, 'Nope.swift')).href, range, { diagnostics: [] }), []);
  });
});

describe('language server: broken user files', () => {
  it('reports a malformed .urlsession-lint.yml once, logs it every time, and keeps serving', async () => {
    workspace = makeWorkspace({ 'App/AppDelegate.swift': appDelegate, '.urlsession-lint.yml': 'disabled_rules: [\n' });
    await startIn(workspace);
    const shown = await client.waitForNotification('window/showMessage', 0, (p) => p.message.includes('.urlsession-lint.yml'));
    assert.equal(shown.params.type, 2, 'a warning');
    assert.match(shown.params.message, /\.urlsession-lint\.yml:\d+/, 'names the line');
    await client.waitForNotification('window/logMessage', 0, (p) => p.message.includes('.urlsession-lint.yml'));

    // Still linting, with the default configuration.
    const uri = await client.open(join(workspace, 'App/AppDelegate.swift'), appDelegate, 1);
    await client.diagnostics(uri, { version: 1 });

    // The same problem again (the file changed, still broken): logged, not shown a second time.
    const since = client.mark();
    const configUri = pathToFileURL(join(workspace, '.urlsession-lint.yml')).href;
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    await client.waitForNotification('window/logMessage', since, (p) => p.message.includes('.urlsession-lint.yml'));
    await client.diagnostics(uri, { since });
    assert.equal(
      client.received.slice(since).filter((m) => m.method === 'window/showMessage').length,
      0,
      'shown once per file and message',
    );
    assert.ok(client.isAlive());
    assert.equal(await client.hover(uri, { line: 9, character: 9 }), null);
  });

  it('reports a malformed project.pbxproj and plist clearly and keeps serving', async () => {
    workspace = makeWorkspace({
      'App/AppDelegate.swift': appDelegate,
      'App.xcodeproj/project.pbxproj': '// !$*UTF8*$!\n{ garbage (\n',
      'App/Info.plist': '<plist><dict><key>a</key>',
    });
    await startIn(workspace);
    const pbxproj = await client.waitForNotification('window/showMessage', 0, (p) => p.message.includes('project.pbxproj'));
    assert.equal(pbxproj.params.type, 2);
    await client.waitForNotification('window/showMessage', 0, (p) => p.message.includes('Info.plist'));
    const uri = await client.open(join(workspace, 'App/AppDelegate.swift'), appDelegate, 1);
    await client.diagnostics(uri, { version: 1 });
    assert.ok(client.isAlive());
  });

  it('survives requests for unknown documents, out-of-range positions and unknown methods', async () => {
    workspace = makeWorkspace({ 'App/AppDelegate.swift': appDelegate });
    await startIn(workspace);
    const uri = await client.open(join(workspace, 'App/AppDelegate.swift'), appDelegate, 1);
    await client.diagnostics(uri, { version: 1 });
    assert.equal(await client.hover(uri, { line: 9999, character: 3 }), null);
    assert.equal(await client.hover('file:///nowhere/X.swift', { line: 0, character: 0 }), null);
    await assert.rejects(client.request('urlsessionLint/noSuchThing', {}));
    await client.notify('textDocument/didChange', {
      textDocument: { uri: 'file:///nowhere/X.swift', version: 2 },
      contentChanges: [{ text: 'x' }],
    });
    const since = client.mark();
    const version = await client.change(uri, [{ range: rangeOf(appDelegate, 'exit(0)'), text: 'exit(1)' }]);
    await client.diagnostics(uri, { version, since });
    assert.ok(client.isAlive());
  });
});

describe('language server: workspace', () => {
  it('lintWorkspace lints every indexed file and answers with a summary', async () => {
    workspace = makeWorkspace({
      'App/AppDelegate.swift': appDelegate,
      'App/Other.swift': 'let x = 1\n',
      'Pods/Lib/Lib.swift': 'let y = 2\n',
    });
    await startIn(workspace);
    await client.waitForNotification('window/logMessage', 0, (p) => /indexed \d+ Swift files/.test(p.message));
    const summary = await client.request<{ files: number; durationMs: number; errors: number }>('urlsessionLint/lintWorkspace', {});
    assert.equal(summary.files, 2, 'Pods is skipped');
    assert.equal(typeof summary.durationMs, 'number');
  });

  it('settings can come pushed by didChangeConfiguration from clients without workspace/configuration', async () => {
    workspace = makeWorkspace({ 'App/AppDelegate.swift': appDelegate });
    client = LspTestClient.start();
    const capabilities = { ...defaultClientCapabilities, workspace: { ...defaultClientCapabilities.workspace, configuration: false } };
    await client.initialize(workspace, capabilities);
    const uri = await client.open(join(workspace, 'App/AppDelegate.swift'), appDelegate, 1);
    await client.diagnostics(uri, { version: 1 });
    const since = client.mark();
    await client.notify('workspace/didChangeConfiguration', { settings: { urlsessionLint: { enable: false } } });
    await client.diagnostics(uri, { since, where: (diagnostics) => diagnostics.length === 0 });
    assert.equal(client.received.slice(since).filter((m) => m.method === 'workspace/configuration').length, 0);
  });
});

after(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});
