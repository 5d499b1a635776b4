// --fix: which fixes run (safe only, no collisions), how files are written (atomically, keeping
// CRLF and BOM), and the end-to-end command (built CLI, real engine).
import test from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding, Fix, FixSafety, TextEdit } from '../../server/src/engine/findings';
import { applySafeFixes, chooseSafeFixes, writeFileAtomic } from '../../server/src/cli/fixWriter';
import { contentHash } from '../../server/src/cli/sourceReader';
import { fixtureCopy, linesBeforeSummary, runCli, tempDir } from './helpers';

function insert(file: string, line: number, character: number, newText: string): TextEdit {
  return { file, range: { start: { line, character }, end: { line, character } }, newText };
}

function replace(file: string, line: number, start: number, end: number, newText: string): TextEdit {
  return { file, range: { start: { line, character: start }, end: { line, character: end } }, newText };
}

function finding(file: string, line: number, fixes: { safety: FixSafety; edits: TextEdit[] }[]): Finding {
  return {
    rule: 'test-rule',
    severity: 'error',
    message: 'm',
    file,
    range: { start: { line, character: 0 }, end: { line, character: 1 } },
    related: [],
    fixes: fixes.map((fix, index): Fix => ({ title: `fix ${index}`, safety: fix.safety, edits: fix.edits })),
  };
}

/** Options for applySafeFixes that accept files as they are now and collect problems. */
function trusting(problems: string[] = []) {
  return { isUnchanged: () => true, onProblem: (file: string, message: string) => problems.push(`${file}: ${message}`) };
}

test('chooseSafeFixes takes safe fixes only, one per finding, and leaves colliding ones for the next pass', () => {
  const f = '/x/A.swift';
  const quick = finding(f, 0, [{ safety: 'quick', edits: [insert(f, 0, 0, 'q')] }]);
  const safe = finding(f, 1, [
    { safety: 'safe', edits: [replace(f, 1, 0, 4, 'a')] },
    { safety: 'safe', edits: [replace(f, 1, 0, 4, 'b')] },
  ]);
  const overlapping = finding(f, 1, [{ safety: 'safe', edits: [replace(f, 1, 2, 6, 'c')] }]);
  const touching = finding(f, 1, [{ safety: 'safe', edits: [insert(f, 1, 4, 'd')] }]);
  const elsewhere = finding(f, 3, [{ safety: 'safe', edits: [insert(f, 3, 0, 'e')] }]);
  const chosen = chooseSafeFixes([quick, safe, overlapping, touching, elsewhere]);
  assert.deepEqual(chosen.map((fix) => fix.edits[0].newText), ['a', 'e']);
});

test('applySafeFixes keeps CRLF line endings and the UTF-8 BOM, and never applies quick fixes', () => {
  const dir = tempDir();
  const file = join(dir, 'AppDelegate.swift');
  const original = 'func a() {\r\n    exit(0)\r\n    b()\r\n}\r\n';
  writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(original)]));
  const result = applySafeFixes(
    [
      finding(file, 1, [{ safety: 'safe', edits: [insert(file, 1, 0, '#if DEBUG\n'), insert(file, 2, 0, '#endif\n')] }]),
      finding(file, 2, [{ safety: 'quick', edits: [replace(file, 2, 4, 7, 'c')] }]),
    ],
    trusting(),
  );
  assert.deepEqual(result, { fixesApplied: 1, filesChanged: [file] });
  const bytes = readFileSync(file);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(bytes.subarray(3).toString('utf8'), 'func a() {\r\n#if DEBUG\r\n    exit(0)\r\n#endif\r\n    b()\r\n}\r\n');
});

test('applySafeFixes keeps LF files LF and files without a BOM without one', () => {
  const dir = tempDir();
  const file = join(dir, 'A.swift');
  writeFileSync(file, 'let a = 1\nlet b = 2\n');
  applySafeFixes([finding(file, 1, [{ safety: 'safe', edits: [insert(file, 1, 0, '// x\r\n')] }])], trusting());
  assert.equal(readFileSync(file, 'utf8'), 'let a = 1\n// x\nlet b = 2\n');
});

test('applySafeFixes refuses a file that changed on disk since it was linted', () => {
  const dir = tempDir();
  const file = join(dir, 'A.swift');
  writeFileSync(file, 'let a = 1\n');
  const linted = contentHash(Buffer.from('let a = 0\n'));
  const problems: string[] = [];
  const result = applySafeFixes([finding(file, 0, [{ safety: 'safe', edits: [insert(file, 0, 0, 'x')] }])], {
    isUnchanged: (_file, bytes) => contentHash(bytes) === linted,
    onProblem: (path, message) => problems.push(`${path}: ${message}`),
  });
  assert.deepEqual(result, { fixesApplied: 0, filesChanged: [] });
  assert.deepEqual(problems, [`${file}: not fixed: changed on disk during the run`]);
  assert.equal(readFileSync(file, 'utf8'), 'let a = 1\n');
});

test('writeFileAtomic replaces the file by rename, keeps its mode, follows symlinks and leaves no temporary file', () => {
  const dir = tempDir();
  const file = join(dir, 'A.swift');
  writeFileSync(file, 'old\n');
  chmodSync(file, 0o640);
  const inodeBefore = statSync(file).ino;
  writeFileAtomic(file, Buffer.from('new\n'));
  assert.equal(readFileSync(file, 'utf8'), 'new\n');
  assert.notEqual(statSync(file).ino, inodeBefore, 'a new inode: written beside and renamed over');
  assert.equal(statSync(file).mode & 0o777, 0o640);
  symlinkSync('A.swift', join(dir, 'Link.swift'));
  writeFileAtomic(join(dir, 'Link.swift'), Buffer.from('through the link\n'));
  assert.ok(lstatSync(join(dir, 'Link.swift')).isSymbolicLink());
  assert.equal(readFileSync(file, 'utf8'), 'through the link\n');
  assert.deepEqual(readdirSync(dir).sort(), ['A.swift', 'Link.swift']);
});

// End to end with the real engine: `exit(0)` in applicationDidEnterBackground outside #if DEBUG is
// debug-exit-unguarded (error, safe fix); isDiscretionary = true is discretionary-transfer (info, quick fix).

/** The fixed AppDelegate, line by line with indentation dropped (the engine chooses the indentation). */
const fixedAppDelegateLines = [
  'import UIKit',
  '',
  '@main',
  'class AppDelegate: UIResponder, UIApplicationDelegate {',
  'func applicationDidEnterBackground(_ application: UIApplication) {',
  '#if DEBUG',
  'exit(0)',
  '#endif',
  '}',
  '}',
  '',
];

function assertFixedText(text: string, eol: '\n' | '\r\n'): void {
  if (eol === '\n') assert.ok(!text.includes('\r'), 'an LF file stays LF');
  else assert.ok(!/[^\r]\n/.test(text), 'a CRLF file gets no lone LF');
  assert.deepEqual(text.split(eol).map((line) => line.trimStart()), fixedAppDelegateLines);
}

function assertFixedOnce(dir: string, appDelegate: () => Buffer, check: (bytes: Buffer) => void): void {
  const downloaderBefore = readFileSync(join(dir, 'Downloader.swift'));
  const first = runCli(['--fix'], dir);
  assert.deepEqual(linesBeforeSummary(first.stderr), ['urlsession-lint: applied 1 fix in 1 file']);
  // What remains: the info finding, whose fix is quick and so never applied by --fix.
  assert.match(first.stdout, /^Downloader\.swift:8:\d+: note: .* \[discretionary-transfer\]\n$/);
  assert.equal(first.status, 0, 'no error remains after the fix');
  const fixed = appDelegate();
  check(fixed);
  assert.deepEqual(readFileSync(join(dir, 'Downloader.swift')), downloaderBefore, 'quick fixes are not applied');
  assert.deepEqual(readdirSync(dir).sort(), ['AppDelegate.swift', 'Downloader.swift'], 'no temporary file left');

  const second = runCli(['--fix'], dir);
  assert.deepEqual(linesBeforeSummary(second.stderr), []);
  assert.equal(second.stdout, first.stdout);
  assert.deepEqual(appDelegate(), fixed, 'a second --fix changes nothing');
}

test('CLI --fix wraps exit(0) in #if DEBUG, reports what remains, and is idempotent', () => {
  const dir = fixtureCopy('background');
  const path = join(dir, 'AppDelegate.swift');
  assertFixedOnce(dir, () => readFileSync(path), (bytes) => {
    assert.ok(bytes[0] !== 0xef, 'no BOM added');
    assertFixedText(bytes.toString('utf8'), '\n');
  });
});

test('CLI --fix keeps a CRLF file CRLF and keeps its BOM', () => {
  const dir = fixtureCopy('background');
  const path = join(dir, 'AppDelegate.swift');
  const crlf = readFileSync(path, 'utf8').replace(/\n/g, '\r\n');
  writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf)]));
  assertFixedOnce(dir, () => readFileSync(path), (bytes) => {
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assertFixedText(bytes.subarray(3).toString('utf8'), '\r\n');
  });
});
