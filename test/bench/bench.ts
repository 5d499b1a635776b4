// `npm run bench -- --real DIR…` measures local checkouts of real repositories instead (realBench.ts).
// `npm run bench`: how fast the BUILT command lints a synthesized 4,000-file, ~25 MB Swift tree
// (targets: ≤ 1.0 s wall, ≤ 250 MB peak RSS on a 2-core machine), where the time goes on the
// CLI's side (walking, reading), and the project-model and language-server figures when those
// benchmarks exist.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { walkSwiftFiles } from '../../server/src/engine/fileWalker';
import { SourceReader } from '../../server/src/cli/sourceReader';
import { synthesizeGeneratedSdk, synthesizeManyProjects, synthesizeSwiftTree } from './synthesize';

const repoRoot = resolve(__dirname, '..', '..');
const cli = join(repoRoot, 'dist', 'cli.js');
const targetMs = 1000;
const targetMb = 250;
const runs = Number(process.env.BENCH_RUNS ?? 3);
/** A run slower than this is not repeated: one such figure says enough. */
const repeatBelowMs = 10_000;

interface RunFigures {
  ms: number;
  /** Peak resident set size of the CLI process, in MB. */
  peakMb: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

const gnuTime = ['/usr/bin/time', '/bin/time'].find((path) => existsSync(path));

/**
 * Runs the CLI once. Peak RSS comes from GNU time (the kernel's figure for the child) when it is
 * installed, else from a preloaded hook that writes process.resourceUsage().maxRSS at exit.
 */
function runCli(dir: string, scratch: string): RunFigures {
  // Every run analyses the tree: the lint cache would answer the repeated runs (realBench.ts measures it).
  const args = [cli, '--format', 'json', '--no-cache', dir];
  const rssFile = join(scratch, 'rss.txt');
  rmSync(rssFile, { force: true });
  let command: string;
  let commandArgs: string[];
  if (gnuTime) {
    command = gnuTime;
    commandArgs = ['-f', '%M', '-o', rssFile, process.execPath, ...args];
  } else {
    const hook = join(scratch, 'rss-hook.cjs');
    writeFileSync(hook, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
    command = process.execPath;
    commandArgs = ['--require', hook, ...args];
  }
  const start = performance.now();
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - start;
  const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  return { ms, peakMb: kb / 1024, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI's own share, in this process: walking the tree, then reading and decoding every file. */
function cliShare(dir: string): { walkMs: number; readMs: number } {
  let start = performance.now();
  const files = walkSwiftFiles([dir], { onProblem: () => {} });
  const walkMs = performance.now() - start;
  const reader = new SourceReader({ displayPath: (file) => file, onProblem: () => {} });
  start = performance.now();
  for (const file of files) reader.read(file);
  return { walkMs, readMs: performance.now() - start };
}

interface ShapeRun {
  ms: number;
  cpuS: number;
  peakMb: number;
  findings: number;
  /** The slowest files (parse + facts + rules), from URLSESSION_LINT_TIMINGS. */
  slowest: { file: string; ms: number }[];
}

/** One CLI run over `dir` with its CPU seconds (user + system, from GNU time when installed). */
function runShape(dir: string, scratch: string, cacheArgs: string[]): ShapeRun {
  const timeFile = join(scratch, 'shape-time.txt');
  const timingsFile = join(scratch, 'shape-timings.json');
  rmSync(timeFile, { force: true });
  rmSync(timingsFile, { force: true });
  const args = [cli, '--format', 'json', ...cacheArgs, dir];
  const start = performance.now();
  const result = gnuTime
    ? spawnSync(gnuTime, ['-f', '%U %S %M', '-o', timeFile, process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, URLSESSION_LINT_TIMINGS: timingsFile } })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, URLSESSION_LINT_TIMINGS: timingsFile } });
  const ms = performance.now() - start;
  if (result.status !== 0 && result.status !== 1) throw new Error(`the CLI failed on ${dir} (exit ${result.status}):\n${result.stderr}`);
  const [user, system, kb] = gnuTime ? readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) : [NaN, NaN, NaN];
  const slowest = existsSync(timingsFile) ? (JSON.parse(readFileSync(timingsFile, 'utf8')) as ShapeRun['slowest']) : [];
  return { ms, cpuS: user + system, peakMb: kb / 1024, findings: (JSON.parse(result.stdout) as unknown[]).length, slowest };
}

const describeShape = (label: string, run: ShapeRun) =>
  `  ${label.padEnd(5)} ${fmt(run.ms).padStart(6)} ms wall  CPU ${fmt(run.cpuS, 2)} s  peak RSS ${fmt(run.peakMb)} MB  ${run.findings} findings`;

/** The CLI-side shapes of issue 9: generated multi-MB files with few `#` lines, and many projects whose type names repeat. */
function benchShapes(scratch: string): void {
  const sdk = join(scratch, 'generated-sdk');
  mkdirSync(sdk);
  const generated = synthesizeGeneratedSdk(sdk);
  console.log(`\nGenerated SDK: ${generated.files} generated files, ${fmt(generated.bytes / (1024 * 1024), 1)} MB, one #if pair each (target: a 3 MB file well under 1 s)`);
  const sdkRun = runShape(sdk, scratch, ['--no-cache']);
  console.log(describeShape('cold', sdkRun));
  for (const { file, ms } of sdkRun.slowest.slice(0, generated.files)) console.log(`    ${fmt(ms).padStart(6)} ms  ${file.slice(sdk.length + 1)}`);

  const many = join(scratch, 'many-projects');
  mkdirSync(many);
  const projects = synthesizeManyProjects(many);
  console.log(`\nMany projects, repeated type names (DownloadManager, SessionManager, Networking): ${projects.files} files, ${fmt(projects.bytes / (1024 * 1024), 1)} MB, one folder`);
  const cacheArgs = ['--cache-path', join(scratch, 'shape-cache')];
  console.log(describeShape('cold', runShape(many, scratch, cacheArgs)));
  console.log(describeShape('warm', runShape(many, scratch, cacheArgs)));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const fmt = (value: number, digits = 0) => value.toFixed(digits);

/**
 * Runs `exported()` from a sibling benchmark module when that file exists (other people write
 * them) and prints the figures it returns.
 */
async function optionalBench(label: string, file: string, exported: string): Promise<void> {
  if (!existsSync(join(__dirname, `${file}.ts`))) return;
  // A variable specifier: the module may not exist when this file is type-checked.
  const specifier = `./${file}`;
  console.log(`\n${label} (${file}.ts)`);
  let figures: Record<string, unknown>;
  try {
    const module = (await import(specifier)) as Record<string, () => Promise<Record<string, unknown>>>;
    figures = await module[exported]();
  } catch (error) {
    console.log(`  failed: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  for (const [key, value] of Object.entries(figures)) {
    const shown = key === 'bytes' && typeof value === 'number' ? `${fmt(value / (1024 * 1024), 1)} MB` : typeof value === 'number' ? fmt(value, value < 100 ? 1 : 0) : JSON.stringify(value);
    console.log(`  ${key}: ${shown}`);
  }
}

async function main(): Promise<void> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  const scratch = mkdtempSync(join(tmpdir(), 'urlsession-lint-bench-'));
  const tree = join(scratch, 'tree');
  try {
    let start = performance.now();
    mkdirSync(tree);
    const synthesized = synthesizeSwiftTree(tree);
    const mb = synthesized.bytes / (1024 * 1024);
    console.log(`Synthesized ${synthesized.files} files, ${fmt(mb, 1)} MB (${synthesized.urlSessionFiles} use URLSession) in ${fmt(performance.now() - start)} ms`);
    console.log(`Machine: ${cpus().length} cores, Node ${process.version}; peak RSS from ${gnuTime ? gnuTime : 'process.resourceUsage() in the child'}`);

    // Warm the file cache and the bundle's compile cache so every measured run starts alike.
    start = performance.now();
    const warmUp = runCli(tree, scratch);
    if (warmUp.status === 2 || warmUp.status === null) throw new Error(`the CLI failed (exit ${warmUp.status}):\n${warmUp.stderr}`);
    const measured: RunFigures[] = [];
    if (warmUp.ms < repeatBelowMs) {
      for (let i = 0; i < runs; i++) measured.push(runCli(tree, scratch));
    } else {
      measured.push(warmUp);
    }

    const ms = median(measured.map((run) => run.ms));
    const peakMb = Math.max(...measured.map((run) => run.peakMb));
    const findings = JSON.parse(measured[0].stdout) as { rule: string }[];
    const skipped = measured[0].stderr.split('\n').filter((line) => line.includes(': skipped ')).length;
    console.log(`\nCLI: node dist/cli.js --format json <tree>  (${measured.length === 1 && measured[0] === warmUp ? 'one run, too slow to repeat' : `median of ${measured.length} after a warm-up`})`);
    console.log(`  runs:      ${measured.map((run) => `${fmt(run.ms)} ms`).join(', ')}`);
    console.log(`  wall:      ${fmt(ms)} ms  (target ≤ ${targetMs} ms: ${ms <= targetMs ? 'met' : 'MISSED'})`);
    console.log(`  speed:     ${fmt(synthesized.files / (ms / 1000))} files/s, ${fmt(mb / (ms / 1000), 1)} MB/s`);
    console.log(`  peak RSS:  ${fmt(peakMb)} MB  (target ≤ ${targetMb} MB: ${peakMb <= targetMb ? 'met' : 'MISSED'})`);
    console.log(`  findings:  ${findings.length} (exit code ${measured[0].status}), ${skipped} files skipped`);

    const share = cliShare(tree);
    console.log(`\nCLI share, measured in this process: walk ${fmt(share.walkMs)} ms, read + UTF-8 check ${fmt(share.readMs)} ms`);
    console.log('  (the rest of the wall time is node start-up, the engine and output)');

    benchShapes(scratch);

    await optionalBench('Project model', 'projectBench', 'benchProjectModel');
    await optionalBench('Language server', 'lspBench', 'benchLsp');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const realAt = process.argv.indexOf('--real');
const benchmark = realAt === -1 ? main() : import('./realBench').then((module) => module.benchRealTrees(process.argv.slice(realAt + 1)));
benchmark.catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
