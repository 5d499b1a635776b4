// The batch lint cache: an unchanged workspace is answered without parsing, any change that can
// matter is linted again, and a corrupt or foreign cache file is ignored and rewritten — it never
// makes a finding appear or disappear.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { lintBatch } from '../../../server/src/engine/batchLint';
import type { Finding } from '../../../server/src/engine/findings';
import { swiftFilesIn } from '../../support/lintFixture';

const fixture = join(__dirname, '..', '..', 'fixtures', 'rules', 'handle-events-ignores-identifier');

function describe(findings: Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.character} ${f.rule}`).sort();
}

/** Files modified just now are read again (their stat may hide a change): make them look old. */
function age(file: string): void {
  const old = new Date(Date.now() - 60_000);
  utimesSync(file, old, old);
}

/** A copy of the fixture whose files look old (their stat can be trusted), and an empty cache folder. */
function workspace(): { root: string; cacheDir: string; files: string[]; cleanup: () => void } {
  const scratch = mkdtempSync(join(tmpdir(), 'urlsession-lint-cache-'));
  const root = join(scratch, 'App');
  cpSync(fixture, root, { recursive: true });
  const files = swiftFilesIn(root);
  files.forEach(age);
  return { root, cacheDir: join(scratch, 'cache'), files, cleanup: () => rmSync(scratch, { recursive: true, force: true }) };
}

/** Lints with a reader that counts what it reads. */
async function lint(files: string[], cacheDir?: string) {
  const read: string[] = [];
  const result = await lintBatch({}, files, (path) => {
    read.push(path);
    return readFileSync(path, 'utf8');
  }, cacheDir ? { dir: cacheDir } : undefined);
  return { findings: describe(result.findings), read };
}

test('a second run over an unchanged workspace reads nothing and reports the same findings', async () => {
  const { cacheDir, files, cleanup } = workspace();
  try {
    const uncached = await lint(files);
    const cold = await lint(files, cacheDir);
    assert.ok(cold.findings.length > 0);
    assert.deepEqual(cold.findings, uncached.findings);
    const warm = await lint(files, cacheDir);
    assert.deepEqual(warm.findings, uncached.findings);
    assert.deepEqual(warm.read, []);
  } finally {
    cleanup();
  }
});

test('a change to a parsed file is linted again; a change to a file that cannot matter is not', async () => {
  const { root, cacheDir, files, cleanup } = workspace();
  try {
    const relayFinding = (findings: string[]) => findings.some((f) => f.includes('RelayAppDelegate') && f.endsWith(' handle-events-ignores-identifier'));
    assert.ok(relayFinding((await lint(files, cacheDir)).findings));
    // Reading the identifier silences the finding in the relay app.
    const relay = join(root, 'Relay', 'RelayAppDelegate.swift');
    writeFileSync(relay, readFileSync(relay, 'utf8').replace('_ = session', '_ = identifier; _ = session'));
    age(relay);
    const edited = await lint(files, cacheDir);
    assert.deepEqual(edited.findings, (await lint(files)).findings);
    assert.ok(!relayFinding(edited.findings));
    // A new everyday file changes the set of paths: linted again, same findings.
    const model = join(root, 'Relay', 'Model.swift');
    writeFileSync(model, 'struct Note { let title: String }\n');
    age(model);
    const withModel = await lint([...files, model], cacheDir);
    assert.deepEqual(withModel.findings, edited.findings);
    // Then an edit of it that mentions nothing leading to a session: answered from the cache.
    writeFileSync(model, 'struct Note { let title: String; let date: Date }\n');
    age(model);
    const again = await lint([...files, model], cacheDir);
    assert.deepEqual(again.findings, edited.findings);
    assert.deepEqual(again.read, [model]);
  } finally {
    cleanup();
  }
});

test('a corrupt, torn, altered or foreign cache file is ignored and rewritten', async () => {
  const { cacheDir, files, cleanup } = workspace();
  try {
    const expected = (await lint(files)).findings;
    await lint(files, cacheDir);
    const [name] = readdirSync(cacheDir);
    const cacheFile = join(cacheDir, name);
    const good = readFileSync(cacheFile, 'utf8');
    const newline = good.indexOf('\n');
    const payload = JSON.parse(good.slice(newline + 1));
    const withoutFindings = JSON.stringify({ ...payload, findings: [] });
    const variants = {
      garbage: 'not a cache at all',
      empty: '',
      torn: good.slice(0, good.length / 2),
      // Findings removed but the old checksum kept: the checksum no longer matches.
      altered: `${good.slice(0, newline)}\n${withoutFindings}`,
      // Well-formed JSON of another shape, with no checksum line.
      foreign: JSON.stringify({ format: 'something-else', findings: [] }),
    };
    for (const [label, content] of Object.entries(variants)) {
      writeFileSync(cacheFile, content);
      const run = await lint(files, cacheDir);
      assert.deepEqual(run.findings, expected, label);
      assert.ok(run.read.length > 0, `${label}: the files were read and linted`);
      const rewritten = await lint(files, cacheDir);
      assert.deepEqual(rewritten.read, [], `${label}: the cache was rewritten`);
      assert.deepEqual(rewritten.findings, expected, label);
    }
  } finally {
    cleanup();
  }
});

test('a cache written by another build is not used', async () => {
  const { cacheDir, files, cleanup } = workspace();
  try {
    const expected = (await lint(files)).findings;
    await lint(files, cacheDir);
    const [name] = readdirSync(cacheDir);
    const cacheFile = join(cacheDir, name);
    const good = readFileSync(cacheFile, 'utf8');
    const payload = JSON.parse(good.slice(good.indexOf('\n') + 1));
    const foreign = JSON.stringify({ ...payload, build: 'another build', findings: [] });
    const { createHash } = await import('node:crypto');
    writeFileSync(cacheFile, `${createHash('sha256').update(foreign).digest('hex')}\n${foreign}`);
    const run = await lint(files, cacheDir);
    assert.deepEqual(run.findings, expected);
    assert.ok(run.read.length > 0);
  } finally {
    cleanup();
  }
});

test('a first run read by worker threads stores what a second run answers from', async () => {
  const { root, cacheDir, files: first, cleanup } = workspace();
  // Two checkouts side by side: two projects, one per worker.
  cpSync(fixture, `${root}2`, { recursive: true });
  const files = [...first, ...swiftFilesIn(`${root}2`)];
  files.forEach(age);
  process.env.URLSESSION_LINT_JOBS = '2';
  try {
    const uncached = await lint(files);
    const mainRead: string[] = [];
    const readElsewhere: string[] = [];
    const cold = await lintBatch(
      {},
      files,
      (path) => {
        mainRead.push(path);
        return readFileSync(path, 'utf8');
      },
      { dir: cacheDir },
      (path, problem) => readElsewhere.push(`${path}${problem ?? ''}`),
    );
    assert.deepEqual(describe(cold.findings), uncached.findings);
    // Nothing stored could answer: nothing was read ahead, the workers read every file.
    assert.deepEqual(mainRead, []);
    assert.deepEqual(readElsewhere.sort(), [...files].sort());
    const warm = await lint(files, cacheDir);
    assert.deepEqual(warm.findings, uncached.findings);
    assert.deepEqual(warm.read, []);
  } finally {
    delete process.env.URLSESSION_LINT_JOBS;
    cleanup();
  }
});
