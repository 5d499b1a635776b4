#!/usr/bin/env node
// Real-code evaluation: runs a built CLI over local checkouts of public apps and SDKs (repos.txt) and
// compares its findings with judgements made by reading their code (judgements.tsv).
//
//   node test/realworld/evaluate.mjs [--cli PATH] [--json] [owner/name ...]
//
// Checkouts live outside the repository (their code is never committed): $REALCODE_DIR/owner+name,
// default /work/realcode. A finding matches a judgement by (repo, file, line, rule). Precision counts
// judged findings only; recall is judged-real findings reported / all judged-real rows (misses
// included); "cross" recall does the same for rows whose why carries "[cross]" (values that cross
// functions: parameters, wrappers, helpers, per-call instances, init-injected sessions).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const verdicts = new Set(['real', 'false']);

/** `owner/name commit` per line; `#` starts a comment. */
export function parseRepos(text) {
  const repos = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const [name, commit] = line.split(/\s+/);
    if (!/^[\w.-]+\/[\w.-]+$/.test(name) || !/^[0-9a-f]{7,40}$/.test(commit ?? '')) {
      throw new Error(`repos.txt line ${index + 1}: expected "owner/name <commit>", got "${raw}"`);
    }
    repos.push({ name, commit });
  }
  return repos;
}

/** Tab-separated rows with a header: repo, file, line, rule, verdict, why. */
export function parseJudgements(text) {
  const lines = text.split(/\r?\n/);
  const header = lines[0].split('\t');
  const expected = ['repo', 'file', 'line', 'rule', 'verdict', 'why'];
  if (expected.some((column, i) => header[i] !== column)) {
    throw new Error(`judgements.tsv: header must be ${expected.join(', ')}`);
  }
  const rows = [];
  const seen = new Set();
  for (const [index, raw] of lines.slice(1).entries()) {
    if (raw.trim() === '') continue;
    const [repo, file, line, rule, verdict, why = ''] = raw.split('\t');
    const where = `judgements.tsv line ${index + 2}`;
    if (!/^\d+$/.test(line ?? '') || !rule || !verdicts.has(verdict)) {
      throw new Error(`${where}: expected repo, file, line number, rule, real|false, why`);
    }
    const row = { repo, file, line: Number(line), rule, verdict, why, miss: why.startsWith('miss:'), cross: why.includes('[cross]') };
    const key = keyOf(row);
    if (seen.has(key)) throw new Error(`${where}: ${key} is judged twice`);
    seen.add(key);
    rows.push(row);
  }
  return rows;
}

function keyOf({ repo, file, line, rule }) {
  return `${repo}\t${file}\t${line}\t${rule}`;
}

const ratio = (part, whole) => (whole === 0 ? null : part / whole);

/**
 * Scores findings ({repo, file, line, rule, message?}) against judgement rows. Findings are assumed
 * to be for the repos in `repoNames` only; rows of other repos are ignored.
 */
export function score(repoNames, findings, rows) {
  const perRepo = new Map(repoNames.map((name) => [name, emptyCounts()]));
  const total = emptyCounts();
  const judged = new Map(rows.filter((row) => perRepo.has(row.repo)).map((row) => [keyOf(row), row]));
  const reported = new Set();
  const unjudged = [];
  const falsePositives = [];
  for (const finding of findings) {
    const key = keyOf(finding);
    if (reported.has(key)) continue; // one finding per place and rule
    reported.add(key);
    const counts = perRepo.get(finding.repo);
    if (!counts) continue;
    for (const c of [counts, total]) c.findings++;
    const row = judged.get(key);
    if (!row) {
      for (const c of [counts, total]) c.unjudged++;
      unjudged.push(finding);
    } else if (row.verdict === 'real') {
      for (const c of [counts, total]) c.truePositives++;
    } else {
      for (const c of [counts, total]) c.falsePositives++;
      falsePositives.push({ ...finding, why: row.why });
    }
  }
  const missed = [];
  for (const row of judged.values()) {
    if (row.verdict !== 'real') continue;
    const counts = perRepo.get(row.repo);
    const found = reported.has(keyOf(row));
    for (const c of [counts, total]) {
      c.real++;
      if (row.cross) c.crossReal++;
      if (row.cross && found) c.crossFound++;
      if (!found) c.misses++;
    }
    if (!found) missed.push(row);
  }
  for (const c of [...perRepo.values(), total]) finish(c);
  // A miss reported at another place (call site instead of callee) shows up as unjudged + missed: point at it.
  for (const finding of unjudged) {
    const near = missed.filter((row) => row.repo === finding.repo && row.rule === finding.rule);
    if (near.length > 0) finding.sameRuleMisses = near.map((row) => `${row.file}:${row.line}`);
  }
  return { perRepo: Object.fromEntries(perRepo), total, unjudged, falsePositives, missed };
}

function emptyCounts() {
  return { findings: 0, truePositives: 0, falsePositives: 0, unjudged: 0, real: 0, misses: 0, crossReal: 0, crossFound: 0 };
}

function finish(counts) {
  counts.precision = ratio(counts.truePositives, counts.truePositives + counts.falsePositives);
  counts.recall = ratio(counts.truePositives, counts.real);
  counts.crossRecall = ratio(counts.crossFound, counts.crossReal);
}

/** Runs the CLI in the checkout so that finding paths are relative to the repository. */
function lint(cli, checkout) {
  const result = spawnSync(process.execPath, [cli, '--format', 'json', '.'], {
    cwd: checkout,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`exit ${result.status}: ${result.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  }
  return JSON.parse(result.stdout).map((finding) => ({
    file: finding.file.replace(/^\.\//, ''),
    line: finding.line,
    rule: finding.rule,
    message: finding.message,
  }));
}

const percent = (value) => (value === null ? '   -' : `${(value * 100).toFixed(0).padStart(3)}%`);

function printReport(report) {
  const columns = ['findings', 'truePositives', 'falsePositives', 'unjudged', 'real', 'misses'];
  const heads = ['found', 'TP', 'FP', 'unjudged', 'real', 'missed', 'precision', 'recall', 'cross recall'];
  const width = Math.max(...Object.keys(report.perRepo).map((name) => name.length), 5);
  const row = (name, c) =>
    `${name.padEnd(width)} ${columns.map((k) => String(c[k]).padStart(8)).join(' ')} ${percent(c.precision).padStart(9)} ${percent(c.recall).padStart(6)} ${`${percent(c.crossRecall)} (${c.crossFound}/${c.crossReal})`.padStart(12)}`;
  console.log(`CLI: ${report.cli}`);
  console.log(`${''.padEnd(width)} ${heads.slice(0, 6).map((h) => h.padStart(8)).join(' ')} ${heads[6].padStart(9)} ${heads[7].padStart(6)} ${heads[8].padStart(12)}`);
  for (const [name, counts] of Object.entries(report.perRepo)) {
    console.log(counts.skipped ? `${name.padEnd(width)} skipped: ${counts.skipped}` : row(name, counts));
  }
  console.log(row('TOTAL', report.total));
  if (report.unjudged.length > 0) {
    console.log('\nUnjudged findings (add them to judgements.tsv):');
    for (const f of report.unjudged) {
      console.log(`${f.repo}\t${f.file}\t${f.line}\t${f.rule}\t?\t${f.message ?? ''}`);
      if (f.sameRuleMisses) console.log(`  (same rule, judged real but missed in this repo: ${f.sameRuleMisses.join(', ')})`);
    }
  }
  if (report.falsePositives.length > 0) {
    console.log('\nFalse positives:');
    for (const f of report.falsePositives) console.log(`  ${f.repo} ${f.file}:${f.line} ${f.rule} — ${f.why}`);
  }
  if (report.missed.length > 0) {
    console.log('\nMissed (judged real, not reported):');
    for (const m of report.missed) console.log(`  ${m.repo} ${m.file}:${m.line} ${m.rule}${m.cross ? ' [cross]' : ''}`);
  }
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { cli: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log('Usage: node test/realworld/evaluate.mjs [--cli PATH] [--json] [owner/name ...]\nCheckouts: $REALCODE_DIR/owner+name (default /work/realcode).');
    return 0;
  }
  const cli = resolve(values.cli ?? join(here, '..', '..', 'dist', 'cli.js'));
  if (!existsSync(cli)) {
    console.error(`No CLI at ${cli}: run npm run build, or pass --cli PATH.`);
    return 2;
  }
  const realcode = process.env.REALCODE_DIR ?? '/work/realcode';
  let repos = parseRepos(readFileSync(join(here, 'repos.txt'), 'utf8'));
  if (positionals.length > 0) repos = repos.filter((repo) => positionals.includes(repo.name));
  const rows = parseJudgements(readFileSync(join(here, 'judgements.tsv'), 'utf8'));

  const findings = [];
  const ran = [];
  const skipped = {};
  for (const repo of repos) {
    const checkout = join(realcode, repo.name.replace('/', '+'));
    if (!existsSync(checkout)) {
      skipped[repo.name] = `no checkout at ${checkout}`;
      continue;
    }
    try {
      for (const finding of lint(cli, checkout)) findings.push({ repo: repo.name, ...finding });
      ran.push(repo.name);
    } catch (error) {
      skipped[repo.name] = `CLI failed: ${error.message}`;
    }
  }
  const report = { cli, realcode, ...score(ran, findings, rows) };
  for (const [name, reason] of Object.entries(skipped)) report.perRepo[name] = { skipped: reason };
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printReport(report);
  return Object.keys(skipped).length > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main();
}
