// The built CLI (dist/cli.js) against hostile files beside good ones, beyond what
// test/cli/badInput.test.ts covers: a 10 MB generated Swift file, seeded random bytes, invalid
// UTF-8 of every kind, UTF-16, FIFOs and devices, folders named .swift, broken project files and
// config files. Each bad Swift file costs one stderr line, never a stack trace; the exit code
// stays as documented (0 clean, 1 error findings, 2 usage or config error); `--fix` writes only
// the files it linted, and leaves the skipped ones byte for byte.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import test from 'node:test';
import { Random, seedOf } from '../support/fuzz';
import { fixtureCopy, lines, linesBeforeSummary, runCli, tempDir, type CliRun } from '../cli/helpers';

/** An AppDelegate with an unguarded exit(0): an error with a safe fix, had the file been read. */
const unguardedExit = `import UIKit

class BadAppDelegate: UIResponder, UIApplicationDelegate {
    func applicationDidEnterBackground(_ application: UIApplication) {
        exit(0)
    }
}
`;

function randomBytes(name: string, length: number): Buffer {
  const random = new Random(seedOf(name));
  return Buffer.from(Array.from({ length }, () => random.int(256)));
}

/** Swift text made invalid UTF-8 by `bytes` spliced into a string literal. */
function withBytes(bytes: number[]): Buffer {
  const [head, tail] = unguardedExit.split('exit(0)');
  return Buffer.concat([Buffer.from(`${head}let s = "`), Buffer.from(bytes), Buffer.from(`"\n        exit(0)${tail}`)]);
}

/** About `bytes` of generated Swift (constants), ending with the unguarded exit. */
function generatedSwift(bytes: number): Buffer {
  const lines: string[] = [];
  let size = unguardedExit.length;
  for (let i = 0; size < bytes; i++) {
    const line = `let generatedIdentifier${i} = "com.example.generated.${i}"\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join('') + unguardedExit);
}

/** Bad Swift files: name → [bytes, the skip message]. */
const badSwiftFiles: [string, Buffer, string][] = [
  ['Generated.swift', generatedSwift(10 * 1024 * 1024), 'larger than 5 MB (10.0 MB)'],
  ['RandomBytes.swift', Buffer.concat([randomBytes('RandomBytes', 4096), Buffer.from([0])]), 'binary file (contains NUL bytes)'],
  ['RandomText.swift', Buffer.from(randomBytes('RandomText', 4096).map((byte) => byte || 1)), 'not valid UTF-8'],
  ['NulInString.swift', withBytes([0x00]), 'binary file (contains NUL bytes)'],
  ['Overlong.swift', withBytes([0xc0, 0xaf]), 'not valid UTF-8'],
  ['EncodedSurrogate.swift', withBytes([0xed, 0xa0, 0x80]), 'not valid UTF-8'],
  ['BeyondUnicode.swift', withBytes([0xf4, 0x90, 0x80, 0x80]), 'not valid UTF-8'],
  ['Truncated.swift', Buffer.concat([Buffer.from(unguardedExit), Buffer.from([0xe2, 0x82])]), 'not valid UTF-8'],
  ['Utf16.swift', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(unguardedExit, 'utf16le')]), 'binary file (contains NUL bytes)'],
];

/** The background fixture (two findings, one safe fix) plus every bad file, a .swift folder and a FIFO. */
function hostileFolder(): string {
  const dir = fixtureCopy('background');
  for (const [name, bytes] of badSwiftFiles) writeFileSync(join(dir, name), bytes);
  mkdirSync(join(dir, 'Kit.swift', 'Sources'), { recursive: true });
  writeFileSync(join(dir, 'Kit.swift', 'Sources', 'Kit.swift'), 'public struct Kit {}\n');
  mkdirSync(join(dir, 'Empty.swift'));
  execFileSync('mkfifo', [join(dir, 'Pipe.swift')]);
  symlinkSync('/dev/zero', join(dir, 'Zero.swift'));
  return dir;
}

/** Every file under `dir` (FIFOs and devices by name only), with its bytes. */
function snapshot(dir: string): Map<string, Buffer | 'special'> {
  const files = new Map<string, Buffer | 'special'>();
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else files.set(relative(dir, path), entry.isFile() ? readFileSync(path) : 'special');
    }
  };
  visit(dir);
  return files;
}

function assertNoStackTrace(run: CliRun): void {
  assert.ok(!/^\s+at /m.test(run.stderr), `a stack trace on stderr:\n${run.stderr}`);
  assert.ok(!/internal error/.test(run.stderr), `an internal error:\n${run.stderr}`);
}

const skipLines = badSwiftFiles.map(([name, , message]) => `urlsession-lint: skipped ${name}: ${message}`).sort();

test('CLI: every bad Swift file is skipped with one line naming it; the good files are linted as if alone', { timeout: 60_000 }, () => {
  const dir = hostileFolder();
  const alone = runCli(['--format', 'json', 'AppDelegate.swift', 'Downloader.swift', 'Kit.swift'], dir);
  const run = runCli(['--format', 'json', '.'], dir);
  assertNoStackTrace(run);
  assert.deepEqual(lines(run.stderr).sort(), skipLines);
  assert.equal(run.status, 1, 'the error finding in AppDelegate.swift');
  assert.deepEqual(JSON.parse(run.stdout), JSON.parse(alone.stdout));
  assert.deepEqual(
    (JSON.parse(run.stdout) as { rule: string }[]).map((finding) => finding.rule).sort(),
    ['debug-exit-unguarded', 'discretionary-transfer'],
  );
});

test('CLI --fix fixes the good file and leaves every skipped file byte for byte', { timeout: 60_000 }, () => {
  const dir = hostileFolder();
  const before = snapshot(dir);
  const run = runCli(['--fix', '.'], dir);
  assertNoStackTrace(run);
  assert.deepEqual(linesBeforeSummary(run.stderr).sort(), [...skipLines, 'urlsession-lint: applied 1 fix in 1 file'].sort());
  assert.equal(run.status, 0, 'no error remains');
  const after = snapshot(dir);
  assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'no file added or removed');
  for (const [name, bytes] of before) {
    if (name === 'AppDelegate.swift') assert.notDeepEqual(after.get(name), bytes, 'the good file is fixed');
    else assert.deepEqual(after.get(name), bytes, `${name} is untouched`);
  }
});

test('CLI: a FIFO, a device and a folder named .swift given by name: one line each for the first two, the folder is walked', { timeout: 30_000 }, () => {
  const dir = hostileFolder();
  const run = runCli(['--format', 'json', 'Pipe.swift', 'Zero.swift', 'Kit.swift', 'Empty.swift'], dir);
  assertNoStackTrace(run);
  assert.deepEqual(lines(run.stderr), [
    'urlsession-lint: skipped Pipe.swift: not a regular file or folder',
    'urlsession-lint: skipped Zero.swift: not a regular file or folder',
  ]);
  assert.equal(run.status, 0);
  assert.equal(run.stdout, '[]\n');
});

test('CLI: 4.5 MB of generated Swift, just under the limit, is linted and its finding is on the right line', { timeout: 60_000 }, () => {
  const dir = tempDir();
  const bytes = generatedSwift(4.5 * 1024 * 1024);
  writeFileSync(join(dir, 'Generated.swift'), bytes);
  const run = runCli(['--format', 'json', '.'], dir);
  assertNoStackTrace(run);
  assert.equal(run.stderr, '');
  assert.equal(run.status, 1);
  const findings = JSON.parse(run.stdout) as { rule: string; line: number }[];
  const exitLine = bytes.toString('utf8').split('\n').findIndex((line) => line.includes('exit(0)')) + 1;
  assert.deepEqual(
    findings.map((finding) => [finding.rule, finding.line]),
    [['debug-exit-unguarded', exitLine]],
  );
});

/** Broken project files of every kind next to the background fixture. */
function brokenProject(): { dir: string; files: string[] } {
  const dir = fixtureCopy('background');
  const files: [string, Buffer][] = [
    ['App.xcodeproj/project.pbxproj', randomBytes('pbxproj', 3000)],
    ['project.yml', Buffer.from('name: App\ntargets:\n  App: [\n    type: application\n')],
    ['App/App.entitlements', Buffer.from('<?xml version="1.0"?>\n<plist version="1.0">\n<dict>\n<key>com.apple.security.application-groups</key>\n<array>\n<string>group.x')],
    ['App/Info.plist', Buffer.concat([Buffer.from('bplist00'), randomBytes('plist', 200)])],
    ['Share/Info.plist', Buffer.from('<plist><dict><key>NSExtension</key><dict><key>NSExtensionPointIdentifier</key>')],
  ];
  for (const [name, bytes] of files) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return { dir, files: files.map(([name]) => name) };
}

test('CLI: broken project, plist and entitlements files change nothing about Swift-only findings, and --fix leaves them alone', { timeout: 30_000 }, () => {
  const clean = runCli(['--format', 'json', '.'], fixtureCopy('background'));
  const { dir } = brokenProject();
  const before = snapshot(dir);
  const run = runCli(['--format', 'json', '.'], dir);
  assertNoStackTrace(run);
  assert.equal(run.status, clean.status);
  assert.deepEqual(JSON.parse(run.stdout), JSON.parse(clean.stdout));
  const fix = runCli(['--fix', '.'], dir);
  assertNoStackTrace(fix);
  assert.equal(fix.status, 0);
  for (const [name, bytes] of before) if (name !== 'AppDelegate.swift') assert.deepEqual(snapshot(dir).get(name), bytes, `${name} is untouched`);
});

test('CLI: a binary Package.swift is skipped with one line, and the package model survives it', { timeout: 30_000 }, () => {
  const dir = fixtureCopy('background');
  writeFileSync(join(dir, 'Package.swift'), Buffer.concat([Buffer.from('// swift-tools-version:5.9\n'), randomBytes('Package', 500), Buffer.from([0])]));
  const run = runCli(['--format', 'json', '.'], dir);
  assertNoStackTrace(run);
  assert.deepEqual(lines(run.stderr), ['urlsession-lint: skipped Package.swift: binary file (contains NUL bytes)']);
  assert.equal(run.status, 1);
});

test(
  'CLI: each broken project file is named on stderr, as the language server shows it',
  () => {
    const { dir, files } = brokenProject();
    const run = runCli(['--format', 'json', '.'], dir);
    for (const name of files) assert.ok(run.stderr.includes(name.split('/').pop()!), `${name} is not named:\n${run.stderr}`);
  },
);

// ── .urlsession-lint.yml ─────────────────────────────────────────────────────────────────

function runWithConfig(config: Buffer | string): CliRun {
  const dir = fixtureCopy('background');
  writeFileSync(join(dir, '.urlsession-lint.yml'), config);
  return runCli(['--format', 'json', '.'], dir);
}

for (const [label, config] of [
  ['random bytes', randomBytes('config', 2000)],
  ['YAML nested 100,000 deep', `disabled_rules: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`],
  ['an alias bomb', ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `b${i + 1}: &b${i + 1} [${Array(9).fill(i === 0 ? '*a' : `*b${i}`).join(',')}]`)].join('\n')],
  ['a list where a map belongs', 'severity: [error]\ndisabled_rules: {a: 1}\n'],
] as const) {
  test(`CLI: a config file of ${label} is a config error: exit 2, one line naming the file`, { timeout: 30_000 }, () => {
    const run = runWithConfig(config);
    assertNoStackTrace(run);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(lines(run.stderr).length, 1, run.stderr);
    assert.match(run.stderr, /\.urlsession-lint\.yml(:\d+)?: /);
  });
}

test('CLI: a folder named .urlsession-lint.yml is not a config file: the run goes on with the defaults', () => {
  const dir = fixtureCopy('background');
  mkdirSync(join(dir, '.urlsession-lint.yml'));
  const run = runCli(['--format', 'json', '.'], dir);
  assertNoStackTrace(run);
  assert.equal(run.stderr, '');
  assert.equal(run.status, 1);
  assert.ok(statSync(join(dir, '.urlsession-lint.yml')).isDirectory());
});

test(
  'CLI: an excluded glob longer than 65,536 characters is a config error on one line, not an internal error',
  {
    timeout: 30_000,
  },
  () => {
    const run = runWithConfig(`excluded:\n  - "${'a'.repeat(65_537)}"\n`);
    assertNoStackTrace(run);
    assert.equal(run.status, 2);
    assert.equal(lines(run.stderr).length, 1, run.stderr);
    assert.match(run.stderr, /\.urlsession-lint\.yml:2: /);
  },
);

test(
  'CLI: a generated Swift file with a 3,000-term sum is linted (or skipped with one line); the other files keep their findings',
  {
    timeout: 30_000,
  },
  () => {
    const dir = fixtureCopy('background');
    const terms = Array.from({ length: 3000 }, (_, i) => ` + part${i + 1}`).join('');
    writeFileSync(join(dir, 'Generated.swift'), `import Foundation\nlet session = URLSession.shared\nlet all = part0${terms}\n`);
    const run = runCli(['--format', 'json', '.'], dir);
    assertNoStackTrace(run);
    assert.equal(run.status, 1);
    assert.deepEqual(
      (JSON.parse(run.stdout) as { rule: string }[]).map((finding) => finding.rule).sort(),
      ['debug-exit-unguarded', 'discretionary-transfer'],
    );
  },
);
