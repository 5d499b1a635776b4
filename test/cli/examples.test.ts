// The demo: linting examples/ reports exactly the findings examples/README.md lists.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';

const root = join(__dirname, '..', '..');

test('examples/ produces exactly the findings its README lists', () => {
  const run = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), '--format', 'json', 'examples'], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 1, run.stderr);
  const findings = (JSON.parse(run.stdout) as { file: string; line: number; rule: string }[])
    .map((finding) => `${finding.file.replace('examples/BackgroundTransfers/', '')}:${finding.line} ${finding.rule}`)
    .sort();
  const readme = readFileSync(join(root, 'examples', 'README.md'), 'utf8');
  const expected = [...readme.matchAll(/^\| `([^`]+:\d+)` \| `([a-z-]+)` \|/gm)].map((match) => `${match[1]} ${match[2]}`).sort();
  assert.ok(expected.length >= 5, 'the README lists the expected findings');
  assert.deepEqual(findings, expected);
});
