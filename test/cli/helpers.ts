// Shared by the CLI tests: runs the BUILT command (dist/cli.js, `npm run build` first) and makes
// throwaway folders.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after } from 'node:test';

export const repoRoot = resolve(__dirname, '..', '..');
export const cliPath = join(repoRoot, 'dist', 'cli.js');
export const fixturesDir = join(repoRoot, 'test', 'fixtures', 'cli');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string, options: { env?: Record<string, string>; input?: string | Buffer } = {}): CliRun {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` before the CLI tests`);
  const env = options.env ? { ...process.env, ...options.env } : undefined;
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', env, input: options.input ?? '' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A new empty folder, removed when the test file ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'urlsession-lint-cli-'));
  made.push(dir);
  return dir;
}

/** A temporary copy of test/fixtures/cli/<name>. */
export function fixtureCopy(name: string): string {
  const dir = tempDir();
  cpSync(join(fixturesDir, name), dir, { recursive: true });
  return dir;
}

/** The stderr lines, without the empty last one. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** The summary line a human-format run ends stderr with. */
export const summaryLine = /^(\d+ problems? \(.+\)|0 problems) in \d+ files?, \d+\.\d s(; \d+ more in the baseline)?$/;

/** The stderr lines before the summary line, which must be the last. */
export function linesBeforeSummary(stderr: string): string[] {
  const all = lines(stderr);
  const last = all.pop();
  if (last === undefined || !summaryLine.test(last)) throw new Error(`stderr does not end with the summary line:\n${stderr}`);
  return all;
}
