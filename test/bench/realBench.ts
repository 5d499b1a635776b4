// `npm run bench -- --real DIR…`: the built CLI over local checkouts of real public iOS
// repositories (test/bench/real-repos.txt lists the ones we measured; their code is never
// committed). A single DIR that is no repository itself is a folder of checkouts.
// Prints the tree's size, the whole tree linted as one folder (cold: empty cache; warm: the same
// run again), peak RSS, the slowest files, then every repository linted on its own, then typing in
// each repository's largest analysed file in the language server.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { maxFileBytes } from '../../server/src/engine/engine';
import { walkSwiftFiles } from '../../server/src/engine/fileWalker';
import { startsAnalysis } from '../../server/src/engine/prefilter';
import { benchRealTyping } from './lspBench';

const repoRoot = resolve(__dirname, '..', '..');
/** BENCH_CLI measures another build (e.g. a baseline) with the same harness. */
const cli = process.env.BENCH_CLI ?? join(repoRoot, 'dist', 'cli.js');
const gnuTime = ['/usr/bin/time', '/bin/time'].find((path) => existsSync(path));

interface Run {
  ms: number;
  peakMb: number;
  /** User + system CPU seconds of the run (the wall time suffers most when the machine is shared). */
  cpuS: number;
  status: number | null;
  findings: number;
  stderr: string;
  slowest: { file: string; ms: number }[];
}

const fmt = (value: number, digits = 0) => value.toFixed(digits);

function isRepository(dir: string): boolean {
  return ['.git', 'Package.swift', 'project.yml'].some((name) => existsSync(join(dir, name))) || readdirSync(dir).some((name) => name.endsWith('.xcodeproj') || name.endsWith('.xcworkspace'));
}

/** The repositories to measure: the given folders, or the sub-folders of a single folder of checkouts. */
function repositories(dirs: string[]): string[] {
  const absolute = dirs.map((dir) => resolve(dir));
  if (absolute.length !== 1 || isRepository(absolute[0])) return absolute;
  return readdirSync(absolute[0], { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => join(absolute[0], entry.name))
    .sort();
}

function supportsCache(): boolean {
  return spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }).stdout.includes('--cache-path');
}

function runCli(paths: string[], scratch: string, cacheArgs: string[]): Run {
  const rssFile = join(scratch, 'rss.txt');
  const timingsFile = join(scratch, 'timings.json');
  rmSync(rssFile, { force: true });
  rmSync(timingsFile, { force: true });
  const args = [cli, '--format', 'json', ...cacheArgs, ...paths];
  const command = gnuTime ?? process.execPath;
  const commandArgs = gnuTime ? ['-f', '%U %S %M', '-o', rssFile, process.execPath, ...args] : args;
  const start = performance.now();
  const result = spawnSync(command, commandArgs, {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, URLSESSION_LINT_TIMINGS: timingsFile },
  });
  const ms = performance.now() - start;
  const [user, system, kb] = gnuTime && existsSync(rssFile) ? readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) : [NaN, NaN, NaN];
  let findings = -1;
  try {
    findings = (JSON.parse(result.stdout) as unknown[]).length;
  } catch {
    // Reported below through the exit status and stderr.
  }
  const slowest = existsSync(timingsFile) ? (JSON.parse(readFileSync(timingsFile, 'utf8')) as Run['slowest']) : [];
  return { ms, peakMb: kb / 1024, cpuS: user + system, status: result.status, findings, stderr: result.stderr, slowest };
}

function describe(label: string, run: Run): string {
  const failed = run.status !== 0 && run.status !== 1 ? `  FAILED (exit ${run.status}): ${run.stderr.split('\n').slice(-3).join(' ')}` : '';
  return `  ${label.padEnd(6)} ${fmt(run.ms).padStart(7)} ms  CPU ${fmt(run.cpuS, 1).padStart(5)} s  peak RSS ${fmt(run.peakMb).padStart(5)} MB  ${run.findings} findings${failed}`;
}

/** The largest Swift file of `repo` that the keyword pre-filter sends to analysis (and that is not too large to parse). */
function largestAnalysedFile(repo: string): string | undefined {
  let largest: { file: string; size: number } | undefined;
  for (const file of walkSwiftFiles([repo], { onProblem: () => {} })) {
    const text = readFileSync(file, 'utf8');
    if (text.length > maxFileBytes || !startsAnalysis(text)) continue;
    if (!largest || text.length > largest.size) largest = { file, size: text.length };
  }
  return largest?.file;
}

export async function benchRealTrees(dirs: string[]): Promise<void> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  const repos = repositories(dirs);
  if (repos.length === 0) throw new Error(`no repositories under ${dirs.join(', ')}`);
  const scratch = mkdtempSync(join(tmpdir(), 'urlsession-lint-real-'));
  const cache = supportsCache();
  try {
    // Walking and reading every file once also warms the OS file cache, so "cold" means an empty
    // lint cache, not a cold disk.
    const sizes = repos.map((repo) => {
      const files = walkSwiftFiles([repo], { onProblem: () => {} });
      const bytes = files.reduce((sum, file) => sum + readFileSync(file).length, 0);
      return { repo, files: files.length, bytes };
    });
    const files = sizes.reduce((sum, size) => sum + size.files, 0);
    const mb = sizes.reduce((sum, size) => sum + size.bytes, 0) / (1024 * 1024);
    console.log(`Real tree: ${repos.length} repositories, ${files} Swift files, ${fmt(mb, 1)} MB`);
    console.log(`Machine: ${cpus().length} cores, Node ${process.version}; lint cache ${cache ? 'supported' : 'not supported by this build'}`);

    const oneFolder = repos.length > 1 && dirs.length === 1 ? [resolve(dirs[0])] : repos;
    const cacheDir = join(scratch, 'cache');
    const cacheArgs = cache ? ['--cache-path', cacheDir] : [];
    console.log(`\nAll as one folder (${oneFolder.length === 1 ? oneFolder[0] : `${oneFolder.length} paths`}):`);
    const cold = runCli(oneFolder, scratch, cacheArgs);
    console.log(describe('cold', cold));
    const warm = runCli(oneFolder, scratch, cacheArgs);
    console.log(describe('warm', warm));
    if (warm.findings !== cold.findings) console.log(`  MISMATCH: ${cold.findings} findings cold, ${warm.findings} warm`);
    console.log('  slowest files (cold, parse + facts + rules):');
    for (const { file, ms } of cold.slowest.slice(0, 10)) {
      console.log(`    ${fmt(ms).padStart(6)} ms  ${(statSync(file).size / 1024).toFixed(0).padStart(6)} KB  ${file}`);
    }

    console.log('\nOne repository at a time (cold):');
    let total = 0;
    let cpu = 0;
    let peak = 0;
    for (const { repo, files: count, bytes } of sizes) {
      const run = runCli([repo], scratch, cache ? ['--no-cache'] : []);
      total += run.ms;
      cpu += run.cpuS;
      peak = Math.max(peak, run.peakMb);
      const worst = run.slowest[0];
      const worstText = worst ? `  slowest ${fmt(worst.ms)} ms ${worst.file.slice(repo.length + 1)}` : '';
      console.log(`  ${repo.split('/').pop()!.padEnd(40)} ${String(count).padStart(5)} files ${fmt(bytes / (1024 * 1024), 1).padStart(5)} MB ${fmt(run.ms).padStart(7)} ms CPU ${fmt(run.cpuS, 1).padStart(4)} s ${fmt(run.peakMb).padStart(5)} MB ${String(run.findings).padStart(4)} findings${worstText}`);
    }
    console.log(`  total ${fmt(total)} ms wall, ${fmt(cpu, 1)} s CPU, highest peak RSS ${fmt(peak)} MB`);

    // The editor: typing in the file of each repository that the analysis most surely reads.
    console.log("\nTyping in each repository's largest file that starts the analysis (language server, after its first index; 40 one-character edits):");
    for (const { repo } of sizes) {
      const file = largestAnalysedFile(repo);
      if (!file) continue;
      const typed = await benchRealTyping(repo, file);
      const re = typed.reanalysisMs;
      console.log(
        `  ${repo.split('/').pop()!.padEnd(40)} ${String(typed.fileLines).padStart(5)} lines  re-analysis p50 ${fmt(re.p50, 1).padStart(5)} p95 ${fmt(re.p95, 1).padStart(5)} ms  round trip p95 ${fmt(typed.roundTripMs.p95, 1).padStart(5)} ms  ${file.slice(repo.length + 1)}`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
