// The summary line at the end of a human-format run, and --progress, which only a terminal sees.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Finding } from '../../server/src/engine/findings';
import { summaryLine } from '../../server/src/cli/summary';
import { cliPath, fixtureCopy, runCli } from './helpers';

function finding(severity: Finding['severity']): Finding {
  const position = { line: 0, character: 0 };
  return { rule: 'r', severity, message: 'm', file: '/a.swift', range: { start: position, end: position }, related: [], fixes: [] };
}

test('summaryLine counts problems by severity, files and seconds', () => {
  const six = [...['error', 'error', 'error', 'warning', 'warning', 'info'].map((severity) => finding(severity as Finding['severity']))];
  assert.equal(summaryLine(six, 4, 812), '6 problems (3 errors, 2 warnings, 1 info) in 4 files, 0.8 s');
  assert.equal(summaryLine([finding('warning')], 1, 40), '1 problem (1 warning) in 1 file, 0.0 s');
  assert.equal(summaryLine([], 0, 1500), '0 problems in 0 files, 1.5 s');
  assert.equal(summaryLine([], 3, 100, 7), '0 problems in 3 files, 0.1 s; 7 more in the baseline');
});

test('the summary is on stderr for the xcode format only, and --quiet drops it', () => {
  const dir = fixtureCopy('background');
  assert.match(runCli([], dir).stderr, /^2 problems \(1 error, 1 info\) in 2 files, \d+\.\d s\n$/);
  assert.equal(runCli(['--quiet'], dir).stderr, '');
  for (const format of ['json', 'sarif', 'github', 'checkstyle', 'junit', 'codeclimate', 'sonarqube']) {
    assert.equal(runCli(['--format', format], dir).stderr, '', format);
  }
});

/** Runs the CLI with a terminal as stdout and stderr (util-linux `script`); returns what the terminal got. */
function runInTerminal(args: string[], cwd: string): string {
  const command = [process.execPath, cliPath, ...args].map((arg) => `'${arg}'`).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd, encoding: 'utf8' });
  assert.equal(result.error, undefined);
  return result.stdout;
}

test('--progress draws a line on a terminal and erases it; never in a machine format or a pipe', { skip: !existsSync('/usr/bin/script') && 'needs util-linux script' }, () => {
  const dir = fixtureCopy('background');
  const terminal = runInTerminal(['--progress'], dir);
  assert.ok(terminal.includes('\r\x1b[KLinting 2/2 files'), JSON.stringify(terminal));
  assert.ok(terminal.includes('files\r\x1b[KAppDelegate.swift:6:9: error:'), 'erased before the report');
  assert.ok(!runInTerminal(['--progress', '--format', 'json'], dir).includes('Linting'), 'not in json');
  const piped = runCli(['--progress'], dir);
  assert.ok(!piped.stderr.includes('Linting') && !piped.stdout.includes('Linting'), 'not in a pipe');
  assert.ok(!runInTerminal([], dir).includes('Linting'), 'only when asked');
});
