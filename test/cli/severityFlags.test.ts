// --strict, --lenient and --only-rule (SwiftLint's flags), and --output / --reporter, on the
// built CLI with the background fixture (an error in AppDelegate.swift, an info in Downloader.swift).
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureCopy, lines, linesBeforeSummary, runCli } from './helpers';

interface Reported {
  rule: string;
  severity: string;
}

function reported(stdout: string): Reported[] {
  return (JSON.parse(stdout) as Reported[]).map(({ rule, severity }) => ({ rule, severity }));
}

/** The fixture with the info finding raised to a warning by the config. */
function withWarning(): string {
  const dir = fixtureCopy('background');
  writeFileSync(join(dir, '.urlsession-lint.yml'), 'severity:\n  discretionary-transfer: warning\n  debug-exit-unguarded: off\n');
  return dir;
}

test('--strict reports warnings as errors and fails the run; infos stay infos', () => {
  const dir = withWarning();
  const plain = runCli(['--format', 'json'], dir);
  assert.equal(plain.status, 0, 'a warning alone does not fail the run');
  assert.deepEqual(reported(plain.stdout), [{ rule: 'discretionary-transfer', severity: 'warning' }]);
  const strict = runCli(['--format', 'json', '--strict'], dir);
  assert.equal(strict.status, 1);
  assert.deepEqual(reported(strict.stdout), [{ rule: 'discretionary-transfer', severity: 'error' }]);

  const info = runCli(['--format', 'json', '--strict'], fixtureCopy('background'));
  assert.deepEqual(reported(info.stdout), [
    { rule: 'debug-exit-unguarded', severity: 'error' },
    { rule: 'discretionary-transfer', severity: 'info' },
  ]);
});

test('--lenient reports errors as warnings and the run passes', () => {
  const run = runCli(['--format', 'json', '--lenient'], fixtureCopy('background'));
  assert.equal(run.status, 0);
  assert.deepEqual(reported(run.stdout), [
    { rule: 'debug-exit-unguarded', severity: 'warning' },
    { rule: 'discretionary-transfer', severity: 'info' },
  ]);
});

test('--only-rule runs just the named rules, even ones the config turned off', () => {
  const dir = withWarning();
  const only = runCli(['--format', 'json', '--only-rule', 'debug-exit-unguarded'], dir);
  assert.equal(only.status, 1, 'turned off in the config, run at its default severity');
  assert.deepEqual(reported(only.stdout), [{ rule: 'debug-exit-unguarded', severity: 'error' }]);
  const both = runCli(['--format', 'json', '--only-rule', 'debug-exit-unguarded', '--only-rule', 'discretionary-transfer'], dir);
  assert.deepEqual(reported(both.stdout), [
    { rule: 'debug-exit-unguarded', severity: 'error' },
    { rule: 'discretionary-transfer', severity: 'warning' },
  ], 'the config severity of a rule it did not turn off is kept');
});

test('--only-rule does not report the suppressions of the rules it did not run', () => {
  const dir = fixtureCopy('background');
  const downloader = join(dir, 'Downloader.swift');
  const text = readFileSync(downloader, 'utf8').split('\n');
  text.splice(7, 0, '        // urlsession-lint:disable:next discretionary-transfer');
  writeFileSync(downloader, text.join('\n'));
  const run = runCli(['--format', 'json', '--only-rule', 'debug-exit-unguarded'], dir);
  assert.deepEqual(reported(run.stdout), [{ rule: 'debug-exit-unguarded', severity: 'error' }]);
});

test('bad severity flags: exit 2, one line', () => {
  const dir = fixtureCopy('background');
  const cases: [string[], string][] = [
    [['--strict', '--lenient'], 'urlsession-lint: --strict and --lenient cannot be used together'],
    [['--only-rule', 'discretionary-transfr'], "urlsession-lint: unknown rule 'discretionary-transfr' for --only-rule (did you mean 'discretionary-transfer'?)"],
    [['--only-rule', 'nothing-like-it'], "urlsession-lint: unknown rule 'nothing-like-it' for --only-rule (see 'urlsession-lint --rules')"],
    [['--only-rule', ''], 'urlsession-lint: --only-rule needs a rule id'],
  ];
  for (const [args, message] of cases) {
    const run = runCli(args, dir);
    assert.equal(run.status, 2, args.join(' '));
    assert.equal(run.stdout, '');
    assert.deepEqual(lines(run.stderr), [message]);
  }
});

test('--output writes the report to a file; stdout stays empty and stderr keeps the problems', () => {
  const dir = fixtureCopy('background');
  writeFileSync(join(dir, 'Broken.swift'), Buffer.from([0x61, 0x00]));
  const run = runCli(['--reporter', 'json', '--output', 'report.json', '.'], dir);
  assert.equal(run.status, 1);
  assert.equal(run.stdout, '');
  assert.deepEqual(lines(run.stderr), ['urlsession-lint: skipped Broken.swift: binary file (contains NUL bytes)'], 'no summary in a machine format');
  assert.deepEqual(reported(readFileSync(join(dir, 'report.json'), 'utf8')).map((finding) => finding.rule), ['debug-exit-unguarded', 'discretionary-transfer']);

  const xcode = runCli(['-o', 'report.txt'], dir);
  assert.equal(xcode.stdout, '');
  assert.equal(lines(readFileSync(join(dir, 'report.txt'), 'utf8')).length, 2);
  assert.deepEqual(linesBeforeSummary(xcode.stderr), ['urlsession-lint: skipped Broken.swift: binary file (contains NUL bytes)']);
});

test('--reporter is --format; bad --output or --reporter is exit 2 and writes nothing', () => {
  const dir = fixtureCopy('background');
  assert.equal(runCli(['--reporter', 'json'], dir).stdout, runCli(['--format', 'json'], dir).stdout);
  const cases: [string[], string][] = [
    [['--reporter', 'json', '--format', 'sarif', '-o', 'a.json'], 'urlsession-lint: --format and --reporter name different formats (--reporter is another name for --format)'],
    [['--reporter', 'html', '-o', 'a.json'], "urlsession-lint: unknown format 'html' (expected one of: xcode, json, sarif, github, checkstyle, junit, codeclimate, sonarqube)"],
    [['--output', 'missing/report.json'], 'urlsession-lint: --output: no such folder: missing'],
    [['--output', '.'], 'urlsession-lint: --output: is a folder: .'],
    [['--output'], 'urlsession-lint: --output needs a value'],
  ];
  for (const [args, message] of cases) {
    const run = runCli(args, dir);
    assert.equal(run.status, 2, args.join(' '));
    assert.deepEqual(lines(run.stderr), [message]);
    assert.ok(!existsSync(join(dir, 'a.json')));
  }
});
