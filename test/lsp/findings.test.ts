// Protocol tests on real findings: diagnostics (ranges, codes, severities, links), quick fixes and
// fix-all applied to the text, incremental edits, settings that change severities, watched config
// changes, hovers and lintWorkspace. They rely on two rules of the engine:
//   debug-exit-unguarded: exit(0) in applicationDidEnterBackground outside #if DEBUG (error, safe fix)
//   discretionary-transfer: isDiscretionary = true on a background configuration (info, quick fix)
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient, positionOf, rangeOf } from './lspTestClient';

const appDelegate = `import UIKit

class AppDelegate: UIResponder, UIApplicationDelegate {
    func applicationDidEnterBackground(_ application: UIApplication) {
        exit(0)
    }
}
`;

const downloader = `import Foundation

final class Downloader {
    func configure() {
        let config = URLSessionConfiguration.background(withIdentifier: "x")
        config.isDiscretionary = true
        print(config)
    }
}
`;

const exitRule = 'debug-exit-unguarded';
const discretionaryRule = 'discretionary-transfer';

let workspace: string | undefined;
let client: LspTestClient;

function makeWorkspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'urlsession-lint-findings-'));
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(join(root, relative, '..'), { recursive: true });
    writeFileSync(join(root, relative), text);
  }
  return root;
}

async function openIn(files: Record<string, string>, name: string, settings: Record<string, unknown> = {}) {
  workspace = makeWorkspace(files);
  client = LspTestClient.start();
  client.settings = () => settings;
  await client.initialize(workspace);
  const uri = await client.open(join(workspace, name), files[name], 1);
  return uri;
}

const byRule = (diagnostics: Diagnostic[], rule: string) => diagnostics.filter((d) => d.code === rule);
const has = (rule: string) => (diagnostics: Diagnostic[]) => byRule(diagnostics, rule).length > 0;
const hasNot = (rule: string) => (diagnostics: Diagnostic[]) => byRule(diagnostics, rule).length === 0;

afterEach(async () => {
  await client?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
  workspace = undefined;
});

describe('findings: diagnostics', () => {
  it('debug-exit-unguarded: an error on exactly `exit(0)`, with a link to its docs page', async () => {
    const uri = await openIn({ 'App/AppDelegate.swift': appDelegate }, 'App/AppDelegate.swift');
    const diagnostics = await client.diagnostics(uri, { version: 1, where: has(exitRule) });
    const [diagnostic] = byRule(diagnostics, exitRule);
    assert.deepEqual(diagnostic.range, rangeOf(appDelegate, 'exit(0)'));
    assert.equal(diagnostic.severity, 1);
    assert.equal(diagnostic.source, 'urlsession-lint');
    assert.ok(diagnostic.codeDescription?.href.startsWith('file://'));
    assert.ok(diagnostic.codeDescription?.href.endsWith(`/docs/rules/${exitRule}.md`), diagnostic.codeDescription?.href);
  });

  it('discretionary-transfer: information on exactly `isDiscretionary = true`', async () => {
    const uri = await openIn({ 'Sources/Downloader.swift': downloader }, 'Sources/Downloader.swift');
    const diagnostics = await client.diagnostics(uri, { version: 1, where: has(discretionaryRule) });
    const [diagnostic] = byRule(diagnostics, discretionaryRule);
    assert.deepEqual(diagnostic.range, rangeOf(downloader, 'isDiscretionary = true'));
    assert.equal(diagnostic.severity, 3, 'info maps to Information');
  });

  it('moves the range with incremental edits and drops the finding once #if DEBUG guards it', async () => {
    const uri = await openIn({ 'App/AppDelegate.swift': appDelegate }, 'App/AppDelegate.swift');
    await client.diagnostics(uri, { version: 1, where: has(exitRule) });

    // Two blank lines above the function: the finding moves down two lines.
    let since = client.mark();
    const top = positionOf(appDelegate, '    func applicationDidEnterBackground');
    let version = await client.change(uri, [{ range: { start: top, end: top }, text: '\n' }]);
    version = await client.change(uri, [{ range: { start: top, end: top }, text: '\n' }]);
    let diagnostics = await client.diagnostics(uri, { version, since });
    assert.deepEqual(byRule(diagnostics, exitRule)[0]?.range, rangeOf(client.text(uri), 'exit(0)'));

    // Type `#if DEBUG` / `#endif` around the statement, character by character.
    since = client.mark();
    const exitLine = rangeOf(client.text(uri), 'exit(0)').start.line;
    version = await client.change(uri, [{ range: { start: { line: exitLine + 1, character: 0 }, end: { line: exitLine + 1, character: 0 } }, text: '        #endif\n' }]);
    const typed = '        #if DEBUG\n';
    for (let i = 0; i < typed.length; i++) {
      const at = { line: exitLine, character: i };
      version = await client.change(uri, [{ range: { start: at, end: at }, text: typed[i] }]);
    }
    diagnostics = await client.diagnostics(uri, { version, since });
    assert.deepEqual(byRule(diagnostics, exitRule), [], client.text(uri));
  });
});

describe('findings: related information', () => {
  const manager = `import Foundation

final class TransferManager: NSObject, URLSessionDownloadDelegate {
    static let identifier = "com.example.transfers"
    var session: URLSession!

    func reset() {
        session.invalidateAndCancel()
        session = URLSession(configuration: .background(withIdentifier: TransferManager.identifier), delegate: self, delegateQueue: nil)
    }

    func urlSession(_ session: URLSession, downloadTask: URLSessionDownloadTask, didFinishDownloadingTo location: URL) {}
}
`;

  it('recreate-after-invalidate points at the invalidate call as related information', async () => {
    const uri = await openIn({ 'Sources/TransferManager.swift': manager }, 'Sources/TransferManager.swift');
    const [diagnostic] = byRule(await client.diagnostics(uri, { where: has('recreate-after-invalidate') }), 'recreate-after-invalidate');
    assert.equal(diagnostic.relatedInformation?.length, 1);
    const [related] = diagnostic.relatedInformation!;
    assert.equal(related.location.uri, uri, 'the open document keeps its URI');
    assert.deepEqual(related.location.range, rangeOf(manager, 'invalidateAndCancel()'));
    assert.ok(related.message.length > 0);
  });
});

describe('findings: code actions', () => {
  it('offers the safe "Wrap in #if DEBUG" fix as preferred, and applying it removes the finding', async () => {
    const uri = await openIn({ 'App/AppDelegate.swift': appDelegate }, 'App/AppDelegate.swift');
    const [diagnostic] = byRule(await client.diagnostics(uri, { version: 1, where: has(exitRule) }), exitRule);
    const actions = await client.codeActions(uri, diagnostic.range, { diagnostics: [diagnostic] });
    const fixes = actions.filter((a) => !a.title.startsWith('Disable '));
    assert.equal(fixes.length, 1, fixes.map((a) => a.title).join(', '));
    const [fix] = fixes;
    assert.match(fix.title, /wrap.*#if DEBUG/i);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, [diagnostic]);

    const since = client.mark();
    const fixed = await client.applyEdit(fix.edit!, uri);
    assert.match(fixed, /#if DEBUG\s*\n\s*exit\(0\)\s*\n\s*#endif/);
    const after = await client.diagnostics(uri, { version: 2, since });
    assert.deepEqual(byRule(after, exitRule), []);
  });

  it('offers the quick fix setting isDiscretionary to false, not preferred', async () => {
    const uri = await openIn({ 'Sources/Downloader.swift': downloader }, 'Sources/Downloader.swift');
    const [diagnostic] = byRule(await client.diagnostics(uri, { version: 1, where: has(discretionaryRule) }), discretionaryRule);
    const actions = await client.codeActions(uri, diagnostic.range, { diagnostics: [diagnostic] });
    const fix = actions.find((a) => /false/.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    assert.notEqual(fix.isPreferred, true);
    const fixed = await client.applyEdit(fix.edit!, uri);
    assert.ok(fixed.includes('config.isDiscretionary = false'), fixed);
  });

  it('fix-all applies safe fixes only (the #if DEBUG wrap, not isDiscretionary = false)', async () => {
    const both = appDelegate.replace(
      '        exit(0)\n',
      '        exit(0)\n    }\n\n    func configure() {\n        let config = URLSessionConfiguration.background(withIdentifier: "x")\n        config.isDiscretionary = true\n        print(config)\n',
    );
    const uri = await openIn({ 'App/AppDelegate.swift': both }, 'App/AppDelegate.swift');
    await client.diagnostics(uri, { version: 1, where: (d) => has(exitRule)(d) && has(discretionaryRule)(d) });
    const start = { line: 0, character: 0 };
    const actions = await client.codeActions(uri, { start, end: start }, { diagnostics: [], only: ['source.fixAll.urlsessionLint'] });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.urlsessionLint');
    const fixed = await client.applyEdit(actions[0].edit!, uri);
    assert.match(fixed, /#if DEBUG\s*\n\s*exit\(0\)\s*\n\s*#endif/);
    assert.ok(fixed.includes('config.isDiscretionary = true'), 'quick fixes stay out of fix-all');

    // Also offered for the plain `source.fixAll` kind that editor.codeActionsOnSave asks for.
    const again = await client.codeActions(uri, { start, end: start }, { diagnostics: [], only: ['source.fixAll'] });
    assert.deepEqual(again, [], 'nothing left to fix');
  });

  it('"Disable for this line" makes the finding go away', async () => {
    const uri = await openIn({ 'App/AppDelegate.swift': appDelegate }, 'App/AppDelegate.swift');
    const [diagnostic] = byRule(await client.diagnostics(uri, { version: 1, where: has(exitRule) }), exitRule);
    const actions = await client.codeActions(uri, diagnostic.range, { diagnostics: [diagnostic] });
    const disable = actions.find((a) => a.title === `Disable ${exitRule} for this line`)!;
    const since = client.mark();
    await client.applyEdit(disable.edit!, uri);
    const after = await client.diagnostics(uri, { version: 2, since });
    assert.deepEqual(after, []);
  });
});

describe('findings: settings and configuration', () => {
  it('urlsessionLint.rules changes a severity and turns a rule off', async () => {
    const uri = await openIn({ 'App/AppDelegate.swift': appDelegate }, 'App/AppDelegate.swift', { rules: { [exitRule]: 'warning' } });
    const [diagnostic] = byRule(await client.diagnostics(uri, { version: 1, where: has(exitRule) }), exitRule);
    assert.equal(diagnostic.severity, 2);
    const since = client.mark();
    client.settings = () => ({ rules: { [exitRule]: 'off' } });
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.diagnostics(uri, { since, where: hasNot(exitRule) });
  });

  it('a changed .urlsession-lint.yml (watched file event) re-validates open documents', async () => {
    const uri = await openIn({ 'App/AppDelegate.swift': appDelegate }, 'App/AppDelegate.swift');
    await client.diagnostics(uri, { version: 1, where: has(exitRule) });
    const config = join(workspace!, '.urlsession-lint.yml');
    writeFileSync(config, `disabled_rules:\n  - ${exitRule}\n`);
    const since = client.mark();
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type: 1 }] });
    await client.diagnostics(uri, { since, where: hasNot(exitRule) });
  });

  it('lintWorkspace publishes diagnostics for files that are not open', async () => {
    workspace = makeWorkspace({ 'App/AppDelegate.swift': appDelegate, 'Sources/Downloader.swift': downloader });
    client = LspTestClient.start();
    await client.initialize(workspace);
    await client.waitForNotification('window/logMessage', 0, (p) => /indexed \d+ Swift files/.test(p.message));
    const summary = await client.request<{ files: number; errors: number; infos: number; filesWithFindings: number }>(
      'urlsessionLint/lintWorkspace',
      {},
    );
    assert.equal(summary.files, 2);
    assert.ok(summary.errors >= 1 && summary.infos >= 1, JSON.stringify(summary));
    const appUri = pathToFileURL(join(workspace, 'App/AppDelegate.swift')).href;
    await client.diagnostics(appUri, { where: has(exitRule) });

    // Deleting the file clears its diagnostics.
    rmSync(join(workspace, 'App/AppDelegate.swift'));
    const since = client.mark();
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: appUri, type: 3 }] });
    await client.diagnostics(appUri, { since, where: (d) => d.length === 0 });
  });
});

describe('findings: hovers', () => {
  const hoverSource = `import UIKit

class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, handleEventsForBackgroundURLSession identifier: String, completionHandler: @escaping () -> Void) {
        let config = URLSessionConfiguration.background(withIdentifier: identifier)
        config.isDiscretionary = false
        config.sharedContainerIdentifier = "group.x"
        completionHandler()
    }
}
`;

  async function hoverText(uri: string, needle: string, offset = 1): Promise<string | undefined> {
    const position = positionOf(hoverSource, needle);
    const hover = await client.hover(uri, { line: position.line, character: position.character + offset });
    return hover ? (hover.contents as MarkupContent).value : undefined;
  }

  it('explains the background APIs and links the testing walkthrough, from the syntax tree', async () => {
    const uri = await openIn({ 'App/AppDelegate.swift': hoverSource }, 'App/AppDelegate.swift');
    await client.diagnostics(uri, { version: 1 });
    const handleEvents = await hoverText(uri, 'handleEventsForBackgroundURLSession');
    assert.match(handleEvents!, /completionHandler/);
    assert.match(handleEvents!, /\[Testing background transfers\]\(command:urlsessionLint\.openWalkthrough\)/);
    assert.doesNotMatch(handleEvents!, /real device|proxy/i, 'the testing facts are in the walkthrough, not on every hover');
    assert.match((await hoverText(uri, 'background(withIdentifier'))!, /identifier/);
    assert.match((await hoverText(uri, 'isDiscretionary'))!, /always discretionary/);
    assert.match((await hoverText(uri, 'sharedContainerIdentifier'))!, /app group/i);
    assert.equal(await hoverText(uri, 'config.isDiscretionary', 0), undefined, 'no hover on other identifiers');
  });
});

describe('findings: across files', () => {
  const delegateApp = `import UIKit

class AppDelegate: UIResponder, UIApplicationDelegate {
    var backgroundCompletionHandler: (() -> Void)?
    lazy var session: URLSession = {
        let configuration = URLSessionConfiguration.background(withIdentifier: "com.example.bg")
        return URLSession(configuration: configuration, delegate: SessionDelegate.shared, delegateQueue: nil)
    }()

    func application(_ application: UIApplication, handleEventsForBackgroundURLSession identifier: String, completionHandler: @escaping () -> Void) {
        backgroundCompletionHandler = completionHandler
        _ = session
    }
}
`;
  const sessionDelegate = `import UIKit

final class SessionDelegate: NSObject, URLSessionDelegate {
    static let shared = SessionDelegate()

    func urlSessionDidFinishEvents(forBackgroundURLSession session: URLSession) {
        DispatchQueue.main.async {
            (UIApplication.shared.delegate as? AppDelegate)?.backgroundCompletionHandler?()
        }
    }
}
`;
  const rule = 'missing-did-finish-events';

  it('a Swift file created on disk (watched-file event) changes the findings of an open document', async () => {
    const uri = await openIn({ 'App/AppDelegate.swift': delegateApp }, 'App/AppDelegate.swift');
    await client.diagnostics(uri, { where: has(rule) });
    const created = join(workspace!, 'App', 'SessionDelegate.swift');
    writeFileSync(created, sessionDelegate);
    const since = client.mark();
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(created).href, type: 1 }] });
    await client.diagnostics(uri, { since, where: hasNot(rule) });

    // And deleting it brings the finding back.
    rmSync(created);
    const again = client.mark();
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(created).href, type: 3 }] });
    await client.diagnostics(uri, { since: again, where: has(rule) });
  });
});
