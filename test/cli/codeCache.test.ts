// The command (dist/cli.js) runs the CLI bundle from V8's code cache, kept in the user's cache
// folder (cli/launcher.ts): the first run of a build writes it, later runs take it as it is, and a
// damaged or foreign cache is rewritten. None of it may change what a run prints.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runCli, tempDir } from './helpers';

const examples = join(repoRoot, 'examples');

function lintExamples(cacheHome: string, env: Record<string, string> = {}) {
  return runCli(['--no-cache', '--format', 'json', '.'], examples, { env: { XDG_CACHE_HOME: cacheHome, ...env } });
}

function codeCaches(cacheHome: string): string[] {
  try {
    return readdirSync(join(cacheHome, 'urlsession-lint')).filter((name) => name.startsWith('code-'));
  } catch {
    return [];
  }
}

const without = lintExamples(tempDir(), { URLSESSION_LINT_CODE_CACHE: '0' });

test('without a code cache (URLSESSION_LINT_CODE_CACHE=0) nothing is written and the examples have their findings', () => {
  assert.equal(without.status, 1, without.stderr);
  assert.equal((JSON.parse(without.stdout) as unknown[]).length, 7);
  const home = tempDir();
  lintExamples(home, { URLSESSION_LINT_CODE_CACHE: '0' });
  assert.deepEqual(codeCaches(home), []);
});

test('the first run writes the code cache, the next takes it without rewriting it; both print the same', () => {
  const home = tempDir();
  const first = lintExamples(home);
  assert.deepEqual([first.status, first.stdout, first.stderr], [without.status, without.stdout, without.stderr]);
  const [name] = codeCaches(home);
  assert.ok(name, 'a code cache was written');
  const path = join(home, 'urlsession-lint', name);
  const written = statSync(path);
  const second = lintExamples(home);
  assert.deepEqual([second.status, second.stdout, second.stderr], [without.status, without.stdout, without.stderr]);
  // Rewritten means renamed into place: a new inode. The same inode means V8 accepted the cache.
  assert.equal(statSync(path).ino, written.ino, 'the second run used the cache as it was');
  assert.deepEqual(codeCaches(home), [name]);
});

test('a damaged or foreign code cache is ignored and rewritten, and the run prints the same', () => {
  const home = tempDir();
  lintExamples(home);
  const [name] = codeCaches(home);
  const path = join(home, 'urlsession-lint', name);
  const good = readFileSync(path);
  const header = good.subarray(0, good.indexOf(0x0a) + 1);
  const flipped = Buffer.from(good);
  flipped[flipped.length >> 1] ^= 0xff;
  const foreign = randomBytes(4096);
  const damaged: [string, Buffer][] = [
    ['a flipped byte', flipped],
    ['cut short', good.subarray(0, good.length >> 1)],
    ['empty', Buffer.alloc(0)],
    ['not ours', Buffer.from('hello\n')],
    // Our header and a checksum that matches, over bytes V8 did not write: V8 itself refuses them.
    ['foreign bytes with a valid checksum', Buffer.concat([header, createHash('sha256').update(foreign).digest(), foreign])],
  ];
  for (const [label, bytes] of damaged) {
    writeFileSync(path, bytes);
    const run = lintExamples(home);
    assert.deepEqual([run.status, run.stdout, run.stderr], [without.status, without.stdout, without.stderr], label);
    const rewritten = statSync(path);
    assert.ok(rewritten.size > 100_000, `${label}: rewritten with compiled code`);
    lintExamples(home);
    assert.equal(statSync(path).ino, rewritten.ino, `${label}: the rewritten cache is taken by the next run`);
  }
});

test('runs that only print (--version, --help, --rules) or stop at a usage error write no code cache', () => {
  const home = tempDir();
  for (const flag of ['--version', '--help', '--rules', '-hq']) {
    const run = runCli([flag], examples, { env: { XDG_CACHE_HOME: home } });
    assert.equal(run.status, 0, run.stderr);
  }
  const usage = runCli(['--format', 'nope', '.'], examples, { env: { XDG_CACHE_HOME: home } });
  assert.equal(usage.status, 2, usage.stderr);
  assert.deepEqual(codeCaches(home), []);
});

test('a cache folder that cannot be made leaves the run as it is', () => {
  const home = tempDir();
  writeFileSync(join(home, 'urlsession-lint'), 'a file where the folder should be');
  const run = lintExamples(home);
  assert.deepEqual([run.status, run.stdout, run.stderr], [without.status, without.stdout, without.stderr]);
});
