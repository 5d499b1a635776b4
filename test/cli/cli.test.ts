// The command's surface with no findings involved: help, version, usage and config errors,
// empty reports in every format, --rules. Runs the built dist/cli.js.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureCopy, lines, repoRoot, runCli, tempDir } from './helpers';

const packageVersion = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version as string;

interface ListedRule {
  id: string;
  severity: string;
  fix: string;
  summary: string;
  docs: string;
}

/** The catalog as the built CLI lists it. */
function listedRules(): ListedRule[] {
  return JSON.parse(runCli(['--rules', '--format', 'json'], repoRoot).stdout) as ListedRule[];
}

test('--help prints usage and exits 0', () => {
  const run = runCli(['--help'], repoRoot);
  assert.equal(run.status, 0);
  assert.match(run.stdout, /^Usage: urlsession-lint \[options\] \[paths\.\.\.\]/);
  for (const option of ['--format', '--fix', '--quiet', '--rules', '--config', '--version']) {
    assert.ok(run.stdout.includes(option), `help mentions ${option}`);
  }
  assert.equal(run.stderr, '');
});

test('--version prints the package version', () => {
  const run = runCli(['--version'], repoRoot);
  assert.equal(run.status, 0);
  assert.equal(run.stdout, `${packageVersion}\n`);
});

test('the bundle starts with a shebang so that npm can link it as a command', () => {
  assert.match(readFileSync(join(repoRoot, 'dist', 'cli.js'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
});

test('usage errors exit 2 with one line naming the problem', () => {
  const dir = fixtureCopy('clean');
  const cases: [string[], string][] = [
    [['--nope'], 'urlsession-lint: unknown option --nope (see urlsession-lint --help)'],
    [['--format'], 'urlsession-lint: --format needs a value'],
    [['--format', 'xml'], "urlsession-lint: unknown format 'xml' (expected one of: xcode, json, sarif, github, checkstyle, junit, codeclimate, sonarqube)"],
    [['--fix=yes'], 'urlsession-lint: --fix does not take a value'],
    [['Missing.swift'], 'urlsession-lint: no such file or folder: Missing.swift'],
  ];
  for (const [args, message] of cases) {
    const run = runCli(args, dir);
    assert.equal(run.status, 2, args.join(' '));
    assert.equal(run.stdout, '');
    assert.deepEqual(lines(run.stderr), [message]);
  }
});

test('a config error exits 2 with `file:line: message` on stderr', () => {
  const dir = fixtureCopy('clean');
  const configFile = join(dir, '.urlsession-lint.yml');
  writeFileSync(configFile, 'excluded:\n  - Pods\nbogus_key: 1\n');
  const run = runCli(['.'], dir);
  assert.equal(run.status, 2);
  assert.equal(run.stdout, '');
  assert.deepEqual(lines(run.stderr), [`${configFile}:3: unknown key 'bogus_key' (allowed: disabled_rules, severity, excluded, included, short_resource_timeout_seconds, baseline, write_baseline)`]);
});

test('--config names the config file; a missing one is a configuration error', () => {
  const dir = fixtureCopy('clean');
  writeFileSync(join(dir, 'custom.yml'), 'excluded:\n  - Generated\n');
  assert.equal(runCli(['--config', 'custom.yml', '.'], dir).status, 0);
  const run = runCli(['--config', 'nowhere.yml', '.'], dir);
  assert.equal(run.status, 2);
  assert.match(lines(run.stderr)[0], /nowhere\.yml: cannot read the config file/);
});

test('a clean folder exits 0 with an empty report in every format', () => {
  const dir = fixtureCopy('clean');
  const xcode = runCli([], dir);
  assert.equal(xcode.status, 0);
  assert.equal(xcode.stdout, '');
  assert.match(xcode.stderr, /^0 problems in 1 file, \d+\.\d s\n$/);

  const json = runCli(['--format', 'json', '.'], dir);
  assert.equal(json.status, 0);
  assert.equal(json.stdout, '[]\n');

  const github = runCli(['--format', 'github'], dir);
  assert.equal(github.status, 0);
  assert.equal(github.stdout, '');

  const sarif = runCli(['--format', 'sarif', '--quiet'], dir);
  assert.equal(sarif.status, 0);
  const log = JSON.parse(sarif.stdout);
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  assert.equal(log.runs[0].tool.driver.name, 'urlsession-lint');
  assert.equal(log.runs[0].tool.driver.version, packageVersion);
  assert.deepEqual(
    log.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id),
    listedRules().map((rule) => rule.id),
  );
  assert.deepEqual(log.runs[0].results, []);
});

test('an empty folder and a folder without Swift are fine', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'notes.txt'), 'hello\n');
  const run = runCli(['--format', 'json', dir], dir);
  assert.equal(run.status, 0);
  assert.equal(run.stdout, '[]\n');
  assert.equal(run.stderr, '');
});

test('--rules lists every rule with severity, fix safety and summary', () => {
  const run = runCli(['--rules'], repoRoot);
  assert.equal(run.status, 0);
  const [header, ...rows] = lines(run.stdout);
  assert.match(header, /^RULE +SEVERITY +FIX +SUMMARY$/);
  const catalog = listedRules();
  assert.equal(rows.length, catalog.length);
  catalog.forEach((rule, index) => {
    const cells = rows[index].split(/ {2,}/);
    assert.deepEqual(cells, [rule.id, rule.severity, rule.fix, rule.summary]);
  });
});

test('--rules --format json gives the catalog with a docs link per rule', async () => {
  const run = runCli(['--rules', '--format', 'json'], repoRoot);
  assert.equal(run.status, 0);
  const listed = JSON.parse(run.stdout) as ListedRule[];
  // Imported here only, so that the other tests need nothing but the built CLI.
  const { ruleCatalog } = await import('../../server/src/engine/engine');
  assert.deepEqual(
    listed.map(({ docs: _docs, ...rule }) => rule),
    ruleCatalog().map((rule) => ({ ...rule })),
  );
  for (const rule of listed) assert.equal(rule.docs, `file://${repoRoot}/docs/rules/${rule.id}.md`);
});
