// Baselines (--write-baseline, --baseline, and the config keys baseline: / write_baseline:):
// the matching rules on hand-made entries, then the built CLI on a copy of the background fixture.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { filterByBaseline, type BaselineEntry } from '../../server/src/cli/baseline';
import { fixtureCopy, lines, runCli } from './helpers';

function entry(line: number, lineText = 'exit(0)', message = 'exit() ends the app'): BaselineEntry {
  return { file: 'App/AppDelegate.swift', rule: 'debug-exit-unguarded', line, column: 9, lineText, message };
}

test('filterByBaseline: moved lines stay known, changed text is new, more of the same key reports all that moved', () => {
  const old = [entry(6)];
  assert.deepEqual(filterByBaseline(['a'], [entry(9)], old), [], 'moved down three lines: still known');
  assert.deepEqual(filterByBaseline(['a'], [entry(6, 'exit(1)')], old), ['a'], 'line text changed: new');
  assert.deepEqual(filterByBaseline(['a'], [entry(6, 'exit(0)', 'other message')], old), ['a'], 'message changed: new');
  assert.deepEqual(filterByBaseline(['a', 'b'], [entry(6), entry(7)], old), ['b'], 'one at its recorded place is old; the other is new');
  assert.deepEqual(filterByBaseline(['a', 'b'], [entry(8), entry(9)], old), ['a', 'b'], 'both moved and there is one more: which is new cannot be told');
  assert.deepEqual(filterByBaseline(['a', 'b'], [entry(8), entry(9)], [entry(6), entry(7)]), [], 'same count: known');
  assert.deepEqual(filterByBaseline(['a'], [{ ...entry(6), file: 'Other.swift' }], old), ['a'], 'another file: new');
});

interface WrittenBaseline {
  tool: string;
  version: number;
  findings: BaselineEntry[];
}

/** The background fixture as a Swift package (so that its root is the project root). */
function project(): string {
  const dir = fixtureCopy('background');
  writeFileSync(join(dir, 'Package.swift'), '// swift-tools-version:5.9\nimport PackageDescription\nlet package = Package(name: "App")\n');
  return dir;
}

test('--write-baseline records every finding with its file relative to the project root; --baseline then hides them', () => {
  const dir = project();
  const write = runCli(['--write-baseline', 'baseline.json', '.'], dir);
  assert.equal(write.status, 1, 'writing a baseline still reports and fails as usual');
  assert.equal(lines(write.stdout).length, 2);
  const written = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')) as WrittenBaseline;
  assert.equal(written.tool, 'urlsession-lint');
  assert.equal(written.version, 1);
  assert.deepEqual(
    written.findings.map(({ file, rule, line, lineText }) => ({ file, rule, line, lineText })),
    [
      { file: 'AppDelegate.swift', rule: 'debug-exit-unguarded', line: 6, lineText: 'exit(0)' },
      { file: 'Downloader.swift', rule: 'discretionary-transfer', line: 8, lineText: 'config.isDiscretionary = true' },
    ],
  );

  const quiet = runCli(['--baseline', 'baseline.json', '.'], dir);
  assert.equal(quiet.status, 0);
  assert.equal(quiet.stdout, '');
  assert.match(quiet.stderr, /^0 problems in 3 files, \d+\.\d s; 2 more in the baseline\n$/);

  // From the parent folder, the same files have other relative paths; the baseline still matches.
  const parent = runCli(['--format', 'json', '--baseline', join(basename(dir), 'baseline.json'), basename(dir)], dirname(dir));
  assert.equal(parent.status, 0, parent.stderr);
  assert.equal(parent.stdout, '[]\n');
});

test('--baseline: findings whose lines moved stay hidden; a new finding and a changed line are reported', () => {
  const dir = project();
  runCli(['--write-baseline', 'baseline.json', '.'], dir);
  const appDelegate = join(dir, 'AppDelegate.swift');
  const original = readFileSync(appDelegate, 'utf8');
  writeFileSync(appDelegate, `// a header comment\n// and another\n${original}`);
  const moved = runCli(['--format', 'json', '--baseline', 'baseline.json', '.'], dir);
  assert.equal(moved.status, 0, moved.stdout);
  assert.equal(moved.stdout, '[]\n');

  writeFileSync(appDelegate, original.replace('exit(0)', 'exit(0)\n        exit(0)'));
  const added = runCli(['--format', 'json', '--baseline', 'baseline.json', '.'], dir);
  assert.equal(added.status, 1);
  assert.deepEqual(
    (JSON.parse(added.stdout) as { rule: string; line: number }[]).map(({ rule, line }) => ({ rule, line })),
    [{ rule: 'debug-exit-unguarded', line: 7 }],
    'only the exit(0) that was not there',
  );

  writeFileSync(appDelegate, original.replace('exit(0)', 'exit(1)'));
  const changed = runCli(['--format', 'json', '--baseline', 'baseline.json', '.'], dir);
  assert.equal(changed.status, 1);
  assert.deepEqual((JSON.parse(changed.stdout) as { line: number }[]).map((finding) => finding.line), [6]);
});

test('baseline: and write_baseline: in the config are relative to its folder; the flags win', () => {
  const dir = project();
  mkdirSync(join(dir, 'lint'));
  writeFileSync(join(dir, '.urlsession-lint.yml'), 'write_baseline: lint/recorded.json\n');
  assert.equal(runCli(['.'], dir).status, 1);
  assert.ok(existsSync(join(dir, 'lint', 'recorded.json')));

  writeFileSync(join(dir, '.urlsession-lint.yml'), 'baseline: lint/recorded.json\n');
  const filtered = runCli(['.'], dir);
  assert.equal(filtered.status, 0);
  assert.equal(filtered.stdout, '');

  writeFileSync(join(dir, 'empty.json'), JSON.stringify({ tool: 'urlsession-lint', version: 1, findings: [] }));
  const overridden = runCli(['--baseline', 'empty.json', '.'], dir);
  assert.equal(overridden.status, 1);
  assert.equal(lines(overridden.stdout).length, 2);
});

test('a missing or malformed baseline is exit 2 with one line, and nothing is written', () => {
  const dir = project();
  const cases: [string, string | undefined, RegExp][] = [
    ['missing.json', undefined, /^urlsession-lint: missing\.json: cannot read the baseline \(no such file\)$/],
    ['broken.json', '{"tool": "urlsession-lint", ', /^urlsession-lint: broken\.json: not a urlsession-lint baseline \(invalid JSON: /],
    ['array.json', '[]', /^urlsession-lint: array\.json: not a urlsession-lint baseline \(expected an object with "findings"/],
    ['other.json', '{"tool": "swiftlint", "version": 1, "findings": []}', /"tool" is not "urlsession-lint"/],
    ['future.json', '{"tool": "urlsession-lint", "version": 2, "findings": []}', /unsupported version 2/],
    ['entry.json', '{"tool": "urlsession-lint", "version": 1, "findings": [{"file": "A.swift", "rule": "r", "line": 0, "column": 1, "lineText": "", "message": ""}]}', /findings\[0\]\.line must be a positive whole number/],
  ];
  for (const [name, text, message] of cases) {
    if (text !== undefined) writeFileSync(join(dir, name), text);
    const run = runCli(['--baseline', name, '--write-baseline', 'new.json', '--output', 'report.txt', '.'], dir);
    assert.equal(run.status, 2, name);
    assert.equal(run.stdout, '');
    assert.equal(lines(run.stderr).length, 1, run.stderr);
    assert.match(lines(run.stderr)[0], message);
    assert.ok(!existsSync(join(dir, 'new.json')) && !existsSync(join(dir, 'report.txt')), `${name}: nothing written`);
  }
});
