// End to end with the real engine: the two findings of test/fixtures/cli/background in every
// format, exit codes, --quiet, paths as given, config, default skips and .gitignore.
import test from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureCopy, fixturesDir, lines, runCli, tempDir } from './helpers';

const exitLine = /^(.*)AppDelegate\.swift:6:9: error: .+ \[debug-exit-unguarded\]$/;
const discretionaryLine = /^(.*)Downloader\.swift:8:\d+: note: .+ \[discretionary-transfer\]$/;

test('xcode (default): one line per finding, info as note; an error means exit 1', () => {
  const run = runCli([], fixtureCopy('background'));
  assert.equal(run.status, 1);
  assert.match(run.stderr, /^2 problems \(1 error, 1 info\) in 2 files, \d+\.\d s\n$/, 'the summary, on stderr');
  const [first, second, ...rest] = lines(run.stdout);
  assert.match(first, exitLine);
  assert.match(second, discretionaryLine);
  assert.deepEqual(rest, []);
});

test('--quiet prints errors only; the exit code still counts them', () => {
  const run = runCli(['--quiet'], fixtureCopy('background'));
  assert.equal(run.status, 1);
  const printed = lines(run.stdout);
  assert.equal(printed.length, 1);
  assert.match(printed[0], exitLine);
});

test('only info findings: exit 0', () => {
  const dir = fixtureCopy('background');
  const run = runCli(['Downloader.swift'], dir);
  assert.equal(run.status, 0);
  assert.match(lines(run.stdout)[0], discretionaryLine);
});

test('json: the contract fields, 1-based, with fix titles and safety', () => {
  const run = runCli(['--format', 'json'], fixtureCopy('background'));
  assert.equal(run.status, 1);
  const findings = JSON.parse(run.stdout);
  assert.equal(findings.length, 2);
  const [exit, discretionary] = findings;
  assert.equal(exit.file, 'AppDelegate.swift');
  assert.deepEqual([exit.line, exit.column, exit.endLine, exit.endColumn], [6, 9, 6, 16]);
  assert.equal(exit.rule, 'debug-exit-unguarded');
  assert.equal(exit.severity, 'error');
  assert.equal(typeof exit.message, 'string');
  assert.ok(exit.fixes.some((fix: { safety: string }) => fix.safety === 'safe'));
  for (const fix of [...exit.fixes, ...discretionary.fixes]) assert.deepEqual(Object.keys(fix).sort(), ['safety', 'title']);
  assert.equal(discretionary.file, 'Downloader.swift');
  assert.equal(discretionary.line, 8);
  assert.equal(discretionary.rule, 'discretionary-transfer');
  assert.equal(discretionary.severity, 'info');
  assert.ok(discretionary.fixes.every((fix: { safety: string }) => fix.safety !== 'safe'));
});

test('paths are shown as given: relative to the folder named, or absolute', () => {
  const parent = tempDir();
  cpSync(join(fixturesDir, 'background'), join(parent, 'App'), { recursive: true });
  const relative = JSON.parse(runCli(['--format', 'json', 'App'], parent).stdout);
  assert.deepEqual(relative.map((finding: { file: string }) => finding.file), ['App/AppDelegate.swift', 'App/Downloader.swift']);
  const absolute = JSON.parse(runCli(['--format', 'json', join(parent, 'App')], parent).stdout);
  assert.deepEqual(absolute.map((finding: { file: string }) => finding.file), [join(parent, 'App', 'AppDelegate.swift'), join(parent, 'App', 'Downloader.swift')]);
});

test('sarif: results point at described rules with their docs link', () => {
  const run = runCli(['--format', 'sarif'], fixtureCopy('background'));
  assert.equal(run.status, 1);
  const sarif = JSON.parse(run.stdout);
  const { rules } = sarif.runs[0].tool.driver;
  const results = sarif.runs[0].results;
  assert.deepEqual(results.map((result: { ruleId: string }) => result.ruleId), ['debug-exit-unguarded', 'discretionary-transfer']);
  assert.deepEqual(results.map((result: { level: string }) => result.level), ['error', 'note']);
  for (const result of results) {
    const rule = rules[result.ruleIndex];
    assert.equal(rule.id, result.ruleId);
    assert.match(rule.helpUri, new RegExp(`^file://.*/docs/rules/${rule.id}\\.md$`));
  }
  assert.deepEqual(results[0].locations[0].physicalLocation, {
    artifactLocation: { uri: 'AppDelegate.swift', uriBaseId: '%SRCROOT%' },
    region: { startLine: 6, startColumn: 9, endLine: 6, endColumn: 16 },
  });
  assert.equal(results[0].fixes[0].properties.safety, 'safe');
});

test('github: workflow annotations, info as notice', () => {
  const run = runCli(['--format', 'github'], fixtureCopy('background'));
  assert.equal(run.status, 1);
  const [first, second] = lines(run.stdout);
  assert.ok(first.startsWith('::error file=AppDelegate.swift,line=6,col=9,endLine=6,endColumn=16,title=debug-exit-unguarded::'), first);
  assert.match(second, /^::notice file=Downloader\.swift,line=8,col=\d+,endLine=8,endColumn=\d+,title=discretionary-transfer::./);
});

test('the config file sets severities and disables rules', () => {
  const dir = fixtureCopy('background');
  writeFileSync(join(dir, '.urlsession-lint.yml'), 'disabled_rules:\n  - discretionary-transfer\nseverity:\n  debug-exit-unguarded: warning\n');
  const run = runCli([], dir);
  assert.equal(run.status, 0, 'a warning is not an error');
  const printed = lines(run.stdout);
  assert.equal(printed.length, 1);
  assert.match(printed[0], /^AppDelegate\.swift:6:9: warning: .+ \[debug-exit-unguarded\]$/);
});

test('default skips, .gitignore and config excluded keep copies out; a named skipped folder is linted', () => {
  const dir = tempDir();
  const appDelegate = join(fixturesDir, 'background', 'AppDelegate.swift');
  for (const folder of ['App', 'Pods/Lib', '.build/checkouts/Dep', 'Carthage/Checkouts/Kit', 'DerivedData/X', 'node_modules/pkg', 'Generated', 'Vendor']) {
    mkdirSync(join(dir, folder), { recursive: true });
    cpSync(appDelegate, join(dir, folder, 'AppDelegate.swift'));
  }
  writeFileSync(join(dir, '.gitignore'), 'Generated/\n');
  writeFileSync(join(dir, '.urlsession-lint.yml'), 'excluded:\n  - Vendor\n');
  const all = JSON.parse(runCli(['--format', 'json'], dir).stdout);
  assert.deepEqual(all.map((finding: { file: string }) => finding.file), ['App/AppDelegate.swift']);
  const pods = JSON.parse(runCli(['--format', 'json', 'Pods'], dir).stdout);
  assert.deepEqual(pods.map((finding: { file: string }) => finding.file), ['Pods/Lib/AppDelegate.swift']);
});
