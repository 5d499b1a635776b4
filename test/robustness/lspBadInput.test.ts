// The built language server (dist/server.js over stdio) fed what editors really send: a 10 MB
// document, NUL bytes and lone surrogates, half-typed code, a hundred edits without waiting, and
// project files turned to garbage under it. After each, the server must still answer requests
// (hover, code actions), publish diagnostics for a normal document, and log no failure.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Random, seedOf } from '../support/fuzz';
import { LspTestClient, repoRoot } from '../lsp/lspTestClient';

const appDelegate = `import UIKit

class AppDelegate: UIResponder, UIApplicationDelegate {
    func applicationDidEnterBackground(_ application: UIApplication) {
        exit(0)
    }
}
`;

const exitRule = 'debug-exit-unguarded';

const made: string[] = [];
let client: LspTestClient | undefined;

function makeWorkspace(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'urlsession-lint-robust-'));
  made.push(root);
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(join(root, relative, '..'), { recursive: true });
    writeFileSync(join(root, relative), content);
  }
  return root;
}

async function start(root: string): Promise<LspTestClient> {
  client = LspTestClient.start();
  await client.initialize(root);
  return client;
}

afterEach(async () => {
  await client?.stop();
  client = undefined;
  made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

/**
 * Failures the server logged: a guarded handler or a rule that threw, an uncaught error, a stack
 * trace. A clear line about a skipped file is not one.
 */
function loggedFailures(c: LspTestClient): string[] {
  const crash = /failed|uncaught|unhandled|RangeError|TypeError|\n\s+at /;
  const logged = c.received
    .filter((m) => m.method === 'window/logMessage' && m.params.type === 1 && crash.test(m.params.message))
    .map((m) => m.params.message as string);
  return [...logged, ...c.stderr.split('\n').filter((line) => crash.test(line) || /^\s+at /.test(line))];
}

/** Every diagnostic range is a position of the client's document, start before end. */
function assertRangesInside(document: TextDocument, diagnostics: Diagnostic[]): void {
  const lineCount = document.lineCount;
  for (const d of diagnostics) {
    for (const p of [d.range.start, d.range.end]) {
      assert.ok(p.line >= 0 && p.line < lineCount, `line ${p.line} of ${lineCount} (${d.code})`);
      const lineLength = document.offsetAt({ line: p.line, character: Number.MAX_SAFE_INTEGER }) - document.offsetAt({ line: p.line, character: 0 });
      assert.ok(p.character >= 0 && p.character <= lineLength, `character ${p.character} past line ${p.line} (length ${lineLength}) (${d.code})`);
    }
    assert.ok(document.offsetAt(d.range.start) <= document.offsetAt(d.range.end), `range ends before it starts (${d.code})`);
  }
}

/**
 * The server still works: it answers a hover and a code action on `uri`, then publishes the
 * debug-exit-unguarded error for a normal document it has not seen yet.
 */
async function assertServing(c: LspTestClient, root: string, uri: string, label: string): Promise<void> {
  const document = c.document(uri);
  const end = document.positionAt(document.getText().length);
  const middle = document.positionAt(Math.floor(document.getText().length / 2));
  const hover: Hover | null = await c.hover(uri, middle);
  assert.ok(hover === null || typeof hover === 'object', `hover after ${label}`);
  const actions: CodeAction[] = await c.codeActions(uri, { start: { line: 0, character: 0 }, end }, { diagnostics: [] });
  assert.ok(Array.isArray(actions), `code actions after ${label}`);
  const probe = join(root, `Probe${c.mark()}.swift`);
  const probeUri = await c.open(probe, appDelegate, 1);
  const diagnostics = await c.diagnostics(probeUri, { version: 1, timeoutMs: 20_000 });
  assert.deepEqual(diagnostics.map((d) => d.code), [exitRule], `a normal document is linted after ${label}`);
  await c.close(probeUri);
  assert.ok(c.isAlive(), `alive after ${label}`);
  assert.deepEqual(loggedFailures(c), [], `failures logged after ${label}`);
}

describe('language server: hostile documents', () => {
  it('a 10 MB document is opened, edited and asked about, and answered; the server goes on', { timeout: 90_000 }, async () => {
    const root = makeWorkspace({ 'App/AppDelegate.swift': appDelegate });
    const c = await start(root);
    const unit = 'let configuration = URLSessionConfiguration.background(withIdentifier: "com.example.generated")\n';
    const huge = unit.repeat(Math.ceil((10 * 1024 * 1024) / unit.length)) + appDelegate;
    const uri = await c.open(join(root, 'App', 'Huge.swift'), huge, 1);
    // Over the size limit nothing is analysed: silence, not a crash and not a frozen server.
    assert.deepEqual(await c.diagnostics(uri, { version: 1, timeoutMs: 30_000 }), []);
    const at = c.document(uri).positionAt(5 * 1024 * 1024);
    const version = await c.change(uri, [{ range: { start: at, end: at }, text: 'exit(0)\n' }]);
    assert.deepEqual(await c.diagnostics(uri, { version, timeoutMs: 30_000 }), []);
    await assertServing(c, root, uri, 'a 10 MB document');
  });

  it('NUL bytes, lone surrogates, a BOM, lone CRs and emoji: diagnostics inside the document, fixes that apply', { timeout: 30_000 }, async () => {
    const root = makeWorkspace({});
    const c = await start(root);
    const text =
      '\uFEFFimport UIKit\r// caf\u00e9 \u{1F600} \uD800 \uDC00 \0 \u{10FFFF}\r\n' +
      'let s = "\0\uD83D"\n' +
      appDelegate.replace('exit(0)', 'let e = "\u{1F468}\u200D\u{1F469}"; print(e, "\uDFFF")\r        exit(0)');
    const uri = await c.open(join(root, 'App', 'Hostile.swift'), text, 1);
    const diagnostics = await c.diagnostics(uri, { version: 1 });
    const document = c.document(uri);
    assertRangesInside(document, diagnostics);
    const exit = diagnostics.find((d) => d.code === exitRule);
    assert.ok(exit, `debug-exit-unguarded is reported: ${JSON.stringify(diagnostics)}`);
    assert.equal(document.getText(exit.range), 'exit(0)', 'the range covers exit(0) as the client counts lines and columns');
    const actions = await c.codeActions(uri, exit.range, { diagnostics: [exit] });
    const wrap = actions.find((a) => a.title === 'Wrap in #if DEBUG');
    assert.ok(wrap?.edit, `got ${actions.map((a) => a.title).join(', ')}`);
    const fixed = await c.applyEdit(wrap.edit, uri);
    assert.ok(fixed.includes('#if DEBUG'), fixed);
    assert.ok(fixed.includes('\0') && fixed.includes('\uD800') && fixed.includes('\u{1F600}'), 'the rest of the text is kept');
    await assertServing(c, root, uri, 'hostile characters');
  });

  it('half-typed code, typed to the end in chunks: every version is answered, the last one is linted fully', { timeout: 60_000 }, async () => {
    const root = makeWorkspace({});
    const c = await start(root);
    const full = readFileSync(join(repoRoot, 'examples', 'BackgroundTransfers', 'BackgroundTransfers', 'AppDelegate.swift'), 'utf8');
    const random = new Random(seedOf('half-typed'));
    let typed = full.slice(0, 120);
    const uri = await c.open(join(root, 'App', 'AppDelegate.swift'), typed, 1);
    await c.diagnostics(uri, { version: 1 });
    let version = 1;
    while (typed.length < full.length) {
      const next = full.slice(typed.length, typed.length + 1 + random.int(60));
      const end = c.document(uri).positionAt(typed.length);
      version = await c.change(uri, [{ range: { start: end, end }, text: next }]);
      typed += next;
      assertRangesInside(c.document(uri), await c.diagnostics(uri, { version }));
    }
    assert.deepEqual(
      (await c.diagnostics(uri, { version })).map((d) => d.code),
      [exitRule],
    );
    await assertServing(c, root, uri, 'half-typed code');
  });

  it('100 edits without waiting, with hovers in between: versions only go up, the last is published and equals a fresh server', { timeout: 60_000 }, async () => {
    const root = makeWorkspace({});
    const c = await start(root);
    const original = readFileSync(join(repoRoot, 'examples', 'BackgroundTransfers', 'BackgroundTransfers', 'UploadQueue.swift'), 'utf8');
    const uri = await c.open(join(root, 'App', 'UploadQueue.swift'), original, 1);
    await c.diagnostics(uri, { version: 1 });
    const since = c.mark();
    const random = new Random(seedOf('burst'));
    const tokens = ['{', '}', '(', '"', '\\(', '"""', '#if DEBUG\n', '\n#endif\n', '\u{1F600}', '\r\n', 'exit(0)\n', '\0', 'URLSession'];
    const hovers: Promise<Hover | null>[] = [];
    let version = 1;
    for (let i = 0; i < 100; i++) {
      const document = c.document(uri);
      const length = document.getText().length;
      const start = random.int(length + 1);
      const change: TextDocumentContentChangeEvent =
        random.int(3) === 0
          ? { range: { start: document.positionAt(start), end: document.positionAt(Math.min(length, start + 1 + random.int(30))) }, text: '' }
          : { range: { start: document.positionAt(start), end: document.positionAt(start) }, text: random.pick(tokens) };
      version = await c.change(uri, [change]);
      if (i % 10 === 0) hovers.push(c.hover(uri, document.positionAt(random.int(length + 1))));
    }
    await Promise.all(hovers);
    const last = await c.diagnostics(uri, { version, since, timeoutMs: 30_000 });
    assertRangesInside(c.document(uri), last);
    const versions = c.received
      .slice(since)
      .filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri)
      .map((m) => m.params.version as number);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions only go up');
    assert.ok(versions.length < 100, `a burst is coalesced (${versions.length} publishes for 100 edits)`);

    // The same final text in a fresh server, in a workspace of its own, gives the same diagnostics.
    const finalText = c.text(uri);
    const freshRoot = makeWorkspace({});
    const fresh = LspTestClient.start();
    try {
      await fresh.initialize(freshRoot);
      const freshUri = await fresh.open(join(freshRoot, 'App', 'UploadQueue.swift'), finalText, 1);
      const expected = await fresh.diagnostics(freshUri, { version: 1 });
      const shape = (diagnostics: Diagnostic[]) => diagnostics.map((d) => JSON.stringify([d.code, d.range, d.message, d.severity]));
      assert.deepEqual(shape(last), shape(expected));
    } finally {
      await fresh.stop();
    }
    await assertServing(c, root, uri, '100 rapid edits');
  });
});

describe('language server: watched files turned to garbage', () => {
  it('project, plist, entitlements, XcodeGen, config and Swift files under it become garbage, then come back', { timeout: 90_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'urlsession-lint-robust-'));
    made.push(root);
    cpSync(join(repoRoot, 'examples', 'BackgroundTransfers'), root, { recursive: true });
    const c = await start(root);
    await c.waitForNotification('window/logMessage', 0, (p) => /indexed \d+ Swift files/.test(p.message), 30_000);
    const sharePath = join(root, 'ShareExtension', 'ShareViewController.swift');
    const uri = await c.open(sharePath, readFileSync(sharePath, 'utf8'), 1);
    const shape = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}`).sort();
    const initial = shape(await c.diagnostics(uri, { version: 1 }));
    assert.ok(initial.length > 0, 'the share extension has project-aware findings');

    const random = new Random(seedOf('garbage'));
    const garbage = (length: number) => Buffer.from(Array.from({ length }, () => random.int(256)));
    const pbxproj = join(root, 'BackgroundTransfers.xcodeproj', 'project.pbxproj');
    const originals = new Map<string, Buffer>();
    // [file, new bytes, whether the user is warned (project files) or not (Swift files: silence)]
    const changes: [string, Buffer, boolean][] = [
      [pbxproj, garbage(5000), true],
      [join(root, 'ShareExtension', 'ShareExtension.entitlements'), Buffer.from('<?xml version="1.0"?>\n<plist><dict><key>'), true],
      // An Info.plist is read when it mentions NSExtension (the extension heuristic).
      [join(root, 'ShareExtension', 'Info.plist'), Buffer.concat([Buffer.from('bplist00 NSExtension'), garbage(300)]), true],
      [join(root, 'project.yml'), Buffer.from('targets:\n  App: [\n\t- :\n'), true],
      [join(root, '.urlsession-lint.yml'), garbage(2000), true],
      [join(root, 'Shared', 'TransferStatusStore.swift'), Buffer.concat([Buffer.from('import Foundation\nURLSession '), garbage(4000)]), false],
      [join(root, 'Shared', 'Huge.swift'), Buffer.from('let s = URLSession.shared\n'.repeat(300_000)), false],
    ];
    for (const [path, bytes, warned] of changes) {
      try {
        originals.set(path, readFileSync(path));
      } catch {
        // A file that did not exist before (project.yml, the config, Huge.swift).
      }
      writeFileSync(path, bytes);
      const since = c.mark();
      await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path).href, type: originals.has(path) ? 2 : 1 }] });
      // The open document is linted again; whatever the project now says, its ranges stay inside.
      assertRangesInside(c.document(uri), await c.diagnostics(uri, { since, timeoutMs: 30_000 }));
      await assertServing(c, root, uri, `garbage in ${path.slice(root.length + 1)}`);
      const name = path.slice(path.lastIndexOf('/') + 1);
      const shown = c.received.slice(since).filter((m) => m.method === 'window/showMessage' && m.params.message.includes(name));
      if (warned) assert.equal(shown.length, 1, `one warning naming ${name}`);
      else assert.deepEqual(shown, [], `no warning for ${name}`);
    }
    const summary = await c.request<{ files: number }>('urlsessionLint/lintWorkspace', {});
    assert.ok(summary.files > 0);

    // Everything restored: the findings are the first ones again.
    for (const [path] of changes) {
      const original = originals.get(path);
      if (original) writeFileSync(path, original);
      else rmSync(path);
    }
    const since = c.mark();
    await c.notify('workspace/didChangeWatchedFiles', {
      changes: changes.map(([path]) => ({ uri: pathToFileURL(path).href, type: originals.has(path) ? 2 : 3 })),
    });
    await c.diagnostics(uri, { since, timeoutMs: 30_000, where: (diagnostics) => shape(diagnostics).join() === initial.join() });
    assert.deepEqual(loggedFailures(c), []);
  });
});

describe('language server: a deep syntax tree on disk', () => {
  it(
    'a generated file with a 3,000-term sum does not stop the workspace from being indexed, and is itself linted',
    {
      timeout: 60_000,
    },
    async () => {
      const terms = Array.from({ length: 3000 }, (_, i) => ` + part${i + 1}`).join('');
      const generated = `import Foundation\nlet session = URLSession.shared\nlet all = part0${terms}\n`;
      const root = makeWorkspace({ 'App/AppDelegate.swift': appDelegate, 'App/Generated.swift': generated });
      const c = await start(root);
      // Whichever comes first: the end of indexing, or a failure.
      const log = await c.waitForNotification('window/logMessage', 0, (p) => /indexed \d+ Swift files|failed/.test(p.message), 20_000);
      assert.match(log.params.message, /indexed 2 Swift files/);
      const summary = await c.request<{ files: number }>('urlsessionLint/lintWorkspace', {});
      assert.equal(summary.files, 2);
      const uri = await c.open(join(root, 'App', 'Generated.swift'), generated, 1);
      await c.diagnostics(uri, { version: 1, timeoutMs: 20_000 });
      await assertServing(c, root, uri, 'a deep syntax tree');
    },
  );
});

describe('language server: a config the glob library refuses', () => {
  it(
    'an excluded glob over 65,536 characters is reported as a config problem, and documents are still linted',
    {
      timeout: 30_000,
    },
    async () => {
      const root = makeWorkspace({ 'App/AppDelegate.swift': appDelegate, '.urlsession-lint.yml': `excluded:\n  - "${'a'.repeat(65_537)}"\n` });
      const c = await start(root);
      const uri = await c.open(join(root, 'App', 'AppDelegate.swift'), appDelegate, 1);
      const log = await c.waitForNotification('window/logMessage', 0, (p) => /indexed \d+ Swift files|failed/.test(p.message), 20_000);
      assert.match(log.params.message, /indexed 1 Swift files/);
      await c.waitForNotification('window/showMessage', 0, (p) => p.message.includes('.urlsession-lint.yml'));
      assert.deepEqual((await c.diagnostics(uri, { version: 1 })).map((d) => d.code), [exitRule]);
      await assertServing(c, root, uri, 'a glob over 64 KB');
    },
  );
});

describe('language server: watched files that cannot be read to the end', () => {
  // A symlink Zero.swift -> /dev/zero hangs it the same way, reading until memory runs out; not
  // run here, to spare the machine.

  for (const [label, make] of [
    ['a FIFO named Pipe.swift', (root: string) => (execFileSync('mkfifo', [join(root, 'App', 'Pipe.swift')]), join(root, 'App', 'Pipe.swift'))],
    ['a FIFO named project.pbxproj', (root: string) => (mkdirSync(join(root, 'App.xcodeproj')), execFileSync('mkfifo', [join(root, 'App.xcodeproj', 'project.pbxproj')]), join(root, 'App.xcodeproj', 'project.pbxproj'))],
  ] as const) {
    it(`${label}, announced as created, is skipped and the server keeps answering`, { timeout: 30_000 }, async () => {
      const root = makeWorkspace({ 'App/AppDelegate.swift': appDelegate });
      const c = await start(root);
      await c.waitForNotification('window/logMessage', 0, (p) => /indexed \d+ Swift files/.test(p.message), 20_000);
      const uri = await c.open(join(root, 'App', 'AppDelegate.swift'), appDelegate, 1);
      await c.diagnostics(uri, { version: 1 });
      const path = make(root);
      await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path).href, type: 1 }] });
      const answered = await Promise.race([
        c.hover(uri, { line: 4, character: 9 }).then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), 3_000)),
      ]);
      // A blocked server answers neither this nor shutdown: end it here, or afterEach would wait forever.
      if (!answered) c.child.kill('SIGKILL');
      assert.ok(answered, 'the server answers a hover within 3 s (it takes milliseconds)');
      await assertServing(c, root, uri, label);
    });
  }
});
