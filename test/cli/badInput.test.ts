// Files that are not Swift source text: each is skipped with ONE line on stderr naming it, and
// the run goes on. The reader is tested directly; the end-to-end tests run the built CLI.
import test from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceReader } from '../../server/src/cli/sourceReader';
import { maxSourceBytes, readSwiftSource } from '../../server/src/engine/swiftSource';
import { fixtureCopy, isRoot, lines, linesBeforeSummary, runCli, tempDir } from './helpers';

const latin1 = Buffer.from('let caf\xe9 = "cr\xe8me"\n', 'latin1');
const binary = Buffer.from([0x63, 0x61, 0x66, 0x00, 0x01, 0x02, 0xff]);

function problemOf(path: string): string | undefined {
  const result = readSwiftSource(path);
  return 'problem' in result ? result.problem : undefined;
}

test('readSwiftSource refuses binary, non-UTF-8, oversized, missing and folder paths', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'Binary.swift'), binary);
  writeFileSync(join(dir, 'Latin1.swift'), latin1);
  writeFileSync(join(dir, 'Huge.swift'), Buffer.alloc(maxSourceBytes + 1, 0x20));
  writeFileSync(join(dir, 'Limit.swift'), Buffer.alloc(maxSourceBytes, 0x20));
  mkdirSync(join(dir, 'Folder.swift'));
  assert.equal(problemOf(join(dir, 'Binary.swift')), 'binary file (contains NUL bytes)');
  assert.equal(problemOf(join(dir, 'Latin1.swift')), 'not valid UTF-8');
  assert.equal(problemOf(join(dir, 'Huge.swift')), 'larger than 5 MB (5.0 MB)');
  assert.equal(problemOf(join(dir, 'Limit.swift')), undefined);
  assert.equal(problemOf(join(dir, 'Gone.swift')), 'no longer exists');
  assert.equal(problemOf(join(dir, 'Folder.swift')), 'is a folder');
});

test('readSwiftSource strips a UTF-8 BOM from the text and says it was there', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'Bom.swift'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('let é = 1\r\n')]));
  const result = readSwiftSource(join(dir, 'Bom.swift'));
  assert.ok(!('problem' in result));
  assert.equal(result.text, 'let é = 1\r\n');
  assert.equal(result.bom, true);
});

test('SourceReader reports a bad file once however often the engine asks, and remembers contents for --fix', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'Binary.swift'), binary);
  writeFileSync(join(dir, 'Good.swift'), 'let a = 1\n');
  const reported: string[] = [];
  const reader = new SourceReader({
    displayPath: (file) => file.slice(dir.length + 1),
    onProblem: (path, message) => reported.push(`${path}: ${message}`),
    rememberContents: true,
  });
  assert.equal(reader.read(join(dir, 'Binary.swift')), undefined);
  assert.equal(reader.read(join(dir, 'Binary.swift')), undefined);
  assert.equal(reader.read(join(dir, 'Good.swift')), 'let a = 1\n');
  assert.deepEqual(reported, ['Binary.swift: binary file (contains NUL bytes)']);
  assert.equal(reader.isUnchanged(join(dir, 'Good.swift'), Buffer.from('let a = 1\n')), true);
  assert.equal(reader.isUnchanged(join(dir, 'Good.swift'), Buffer.from('let a = 2\n')), false);
});

test('readSwiftSource reports an unreadable file', { skip: isRoot && 'root can read any file' }, () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'Locked.swift'), 'let a = 1\n');
  chmodSync(join(dir, 'Locked.swift'), 0o000);
  assert.equal(problemOf(join(dir, 'Locked.swift')), 'permission denied');
});

/** A copy of the clean fixture plus one bad file; returns the run. */
function runWithBadFile(name: string, make: (path: string) => void, args: string[] = ['--format', 'json']) {
  const dir = fixtureCopy('clean');
  make(join(dir, name));
  return runCli([...args, '.'], dir);
}

// The skips below happen when the engine calls `read`; the stub engine never reads, so these
// wait for the real engine (which reads every file for its keyword pre-filter).
for (const [label, name, make, message] of [
  ['a binary file', 'Binary.swift', (path: string) => writeFileSync(path, binary), 'binary file (contains NUL bytes)'],
  ['an invalid UTF-8 file', 'Latin1.swift', (path: string) => writeFileSync(path, latin1), 'not valid UTF-8'],
  ['a file over 5 MB', 'Huge.swift', (path: string) => writeFileSync(path, Buffer.alloc(6 * 1024 * 1024, 0x20)), 'larger than 5 MB (6.0 MB)'],
] as const) {
  test(`CLI: ${label} is skipped with one line naming it, and the run goes on`, () => {
    const run = runWithBadFile(name, make);
    assert.deepEqual(lines(run.stderr), [`urlsession-lint: skipped ${name}: ${message}`]);
    assert.equal(run.status, 0);
    assert.equal(run.stdout, '[]\n');
  });
}

test('CLI: an unreadable file is skipped with one line', { skip: isRoot && 'root can read any file' }, () => {
  const run = runWithBadFile('Locked.swift', (path) => {
    writeFileSync(path, 'let a = 1\n');
    chmodSync(path, 0o000);
  });
  assert.deepEqual(lines(run.stderr), ['urlsession-lint: skipped Locked.swift: permission denied']);
  assert.equal(run.status, 0);
});

test('CLI: symlink loops are skipped with one line each, and the run ends', () => {
  const dir = fixtureCopy('clean');
  symlinkSync('Loop.swift', join(dir, 'Loop.swift'));
  mkdirSync(join(dir, 'Sub'));
  symlinkSync('..', join(dir, 'Sub', 'parent'));
  const run = runCli(['--format', 'json'], dir);
  assert.deepEqual(lines(run.stderr), [
    'urlsession-lint: skipped Loop.swift: symlink loop',
    'urlsession-lint: skipped Sub/parent: symlink loop (links to a folder that contains it)',
  ]);
  assert.equal(run.status, 0);
  assert.equal(run.stdout, '[]\n');
});

test('CLI: a named symlink loop is skipped with one line', () => {
  const dir = tempDir();
  symlinkSync('Loop.swift', join(dir, 'Loop.swift'));
  const run = runCli(['Loop.swift'], dir);
  assert.deepEqual(linesBeforeSummary(run.stderr), ['urlsession-lint: skipped Loop.swift: symlink loop']);
  assert.equal(run.status, 0);
});

test('SourceReader: a file deleted after the walk is reported as gone', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'Gone.swift'), 'let a = 1\n');
  unlinkSync(join(dir, 'Gone.swift'));
  const reported: string[] = [];
  const reader = new SourceReader({ displayPath: () => 'Gone.swift', onProblem: (path, message) => reported.push(`${path}: ${message}`) });
  assert.equal(reader.read(join(dir, 'Gone.swift')), undefined);
  assert.deepEqual(reported, ['Gone.swift: no longer exists']);
});
