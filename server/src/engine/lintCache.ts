// A persistent cache of batch results, so that linting an unchanged workspace again costs reading
// and hashing its files, not parsing them. One cache file per set of linted paths, keyed by:
// - the engine build and the grammar build (a new build never trusts an old cache),
// - the options (rule severities and rule options),
// - every Swift file's content hash, and which of them were parsed,
// - the project descriptions (path, size, modification time).
// A file that changed counts as unchanged only when it was not parsed before and still would not
// be: it does not pass the keyword pre-filter and mentions none of the names the second pass
// followed. A cache file that cannot be read, is not ours or does not match is ignored and
// rewritten; it never decides a finding. This layer knows nothing of facts or rules.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from './findings';
import { NameMatcher, type NameNeed } from './sessionNames';
import { startsAnalysis } from './prefilter';

const cacheFormat = 'urlsession-lint-batch-cache';
const cacheFormatVersion = 2;

let buildKeyMemo: string | undefined;

/**
 * The engine's build and the grammar's: any change to the code (facts, rules) or the grammar makes
 * every older cache foreign. The bundle and the grammar WASM are known by their stat signature
 * (size, times, inode), as git knows its files: replacing or rewriting a file changes its ctime,
 * which no copy preserves, and reading 4 MB on every run is what a warm run cannot afford.
 */
export function buildKey(grammarFile: string | undefined): string {
  if (buildKeyMemo) return buildKeyMemo;
  const hash = createHash('sha256');
  // Run from source (tests, tsx), this file is not the bundle: every source file's content is the build.
  const fromSource = __filename.endsWith('.ts');
  const build = fromSource ? sourceFiles(join(__dirname, '..')) : [__filename];
  for (const file of [...build, grammarFile]) {
    if (!file) continue;
    try {
      hash.update(file).update(fromSource ? readFileSync(file) : (statSignature(file)?.signature ?? 'missing'));
    } catch {
      hash.update(`${file}: unreadable`);
    }
  }
  buildKeyMemo = hash.digest('hex');
  return buildKeyMemo;
}

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts')) found.push(path);
  }
  return found.sort();
}

export const contentHash = (text: string) => createHash('sha1').update(text).digest('base64');

export interface BatchOutcome {
  findings: Finding[];
  projectProblems: { file: string; message: string }[];
  /** What the engine said on stderr (files skipped as too deep, …): said again on a cached run. */
  notes: string[];
}

/** What one batch run used and produced, as stored on disk. */
interface Stored extends BatchOutcome {
  format: string;
  version: number;
  build: string;
  options: string;
  project: string;
  /** Path → content hash, parsed ('1' or '0') and stat signature, tab-separated (one string: less to parse). */
  files: Record<string, string>;
  /** When the cache was written (ms). */
  written: number;
  /** The names the second pass followed, by project scope. */
  followed: Record<string, NameNeed[]>;
}

export interface RunInputs {
  build: string;
  options: string;
  /** A key over the project descriptions. */
  project: string;
  hashes: Map<string, string>;
  /** Path → stat signature, for the files read or trusted by their stat. */
  stats: Map<string, string>;
}

/**
 * Size, times and inode: a file whose signature is unchanged is taken as unchanged (as git does).
 * `settled` is false for a file modified just now: it may change again within the same clock
 * tick, unseen, so its signature is not kept (it is read again next time).
 */
export function statSignature(path: string): { signature: string; mtimeMs: number; settled: boolean } | undefined {
  let stat;
  try {
    stat = statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (!stat) return undefined;
  return { signature: `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`, mtimeMs: stat.mtimeMs, settled: Date.now() - stat.mtimeMs >= racyMs };
}

/** Files modified less than this long before they are read are read again next time. */
const racyMs = 3000;

/** Stat-based key over project description files: re-reading them is the project model's job. */
export function projectKey(files: string[]): string {
  const hash = createHash('sha1');
  for (const file of [...files].sort()) {
    try {
      const stat = statSync(file);
      hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
    } catch {
      hash.update(`${file}\0missing\n`);
    }
  }
  return hash.digest('base64');
}

export class LintCache {
  private readonly file: string;

  constructor(
    private readonly dir: string,
    /** The linted paths (sorted): one cache file per set of paths. */
    paths: string[],
  ) {
    const name = createHash('sha1').update(paths.join('\n')).digest('hex').slice(0, 24);
    this.file = join(dir, `batch-${name}.json`);
  }

  /**
   * The content hash a file had when the cache was written, when its stat signature says it has
   * not changed since (only settled signatures are kept).
   */
  trustedHash(path: string, stat: { signature: string; mtimeMs: number } | undefined): string | undefined {
    const stored = this.load();
    const entry = stored ? fileEntry(stored.files[path]) : undefined;
    if (!stored || !entry || !stat || entry.signature === '' || entry.signature !== stat.signature) return undefined;
    return entry.hash;
  }

  /**
   * The stored outcome when it is still right for these inputs, else undefined. `scopeOf` gives
   * a path's project scope (the second pass's).
   */
  lookup(inputs: RunInputs, texts: (path: string) => string | undefined, scopeOf: (path: string) => string): BatchOutcome | undefined {
    const stored = this.load();
    if (!stored || !this.mayMatch(inputs)) return undefined;
    const storedPaths = Object.keys(stored.files);
    if (storedPaths.length !== inputs.hashes.size) return undefined;
    const matchers = new Map<string, NameMatcher>();
    for (const [path, hash] of inputs.hashes) {
      const before = fileEntry(stored.files[path]);
      if (!before) return undefined;
      if (before.hash === hash) continue;
      // Changed: harmless only when it was not parsed and still would not be.
      if (before.parsed) return undefined;
      const text = texts(path);
      if (text === undefined || startsAnalysis(text)) return undefined;
      const scope = scopeOf(path);
      let matcher = matchers.get(scope);
      if (!matcher) matchers.set(scope, (matcher = new NameMatcher(stored.followed[scope] ?? [])));
      if (matcher.matches(text)) return undefined;
    }
    return { findings: stored.findings, projectProblems: stored.projectProblems, notes: stored.notes };
  }

  /**
   * An outcome is stored for this build, these options and this project description: lookup may
   * answer from it, depending on the files. When false, nothing need be read before linting.
   */
  mayMatch(inputs: Pick<RunInputs, 'build' | 'options' | 'project'>): boolean {
    const stored = this.load();
    return stored !== undefined && stored.build === inputs.build && stored.options === inputs.options && stored.project === inputs.project;
  }

  store(inputs: RunInputs, parsed: Set<string>, followed: Map<string, NameNeed[]>, outcome: BatchOutcome): void {
    const files: Stored['files'] = {};
    for (const [path, hash] of inputs.hashes) files[path] = `${hash}\t${parsed.has(path) ? '1' : '0'}\t${inputs.stats.get(path) ?? ''}`;
    const stored: Stored = {
      format: cacheFormat,
      version: cacheFormatVersion,
      build: inputs.build,
      options: inputs.options,
      project: inputs.project,
      files,
      written: Date.now(),
      followed: Object.fromEntries(followed),
      findings: outcome.findings,
      projectProblems: outcome.projectProblems,
      notes: outcome.notes,
    };
    try {
      mkdirSync(this.dir, { recursive: true });
      // Written beside, then renamed: a concurrent run reads the old file or the new, never half.
      const temporary = `${this.file}.${process.pid}.tmp`;
      const payload = JSON.stringify(stored);
      writeFileSync(temporary, `${checksum(payload)}\n${payload}`);
      renameSync(temporary, this.file);
    } catch {
      // A read-only or full disk costs the next run its speed, nothing else.
    }
  }

  private loaded: Stored | undefined | null = null;

  private load(): Stored | undefined {
    if (this.loaded === null) this.loaded = this.read();
    return this.loaded;
  }

  private read(): Stored | undefined {
    let data: unknown;
    try {
      const content = readFileSync(this.file, 'utf8');
      const newline = content.indexOf('\n');
      const payload = content.slice(newline + 1);
      // A torn or altered file fails its checksum before its contents are looked at.
      if (newline === -1 || content.slice(0, newline) !== checksum(payload)) return undefined;
      data = JSON.parse(payload);
    } catch {
      return undefined;
    }
    return isStored(data) ? data : undefined;
  }
}

/** A stored file entry, or undefined when it is missing or not of the shape we write (checked when used). */
function fileEntry(value: unknown): { hash: string; parsed: boolean; signature: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const [hash, parsed, signature, extra] = value.split('\t');
  if (signature === undefined || extra !== undefined || hash === '' || (parsed !== '0' && parsed !== '1')) return undefined;
  return { hash, parsed: parsed === '1', signature };
}

const checksum = (payload: string) => createHash('sha256').update(payload).digest('hex');

/** A cache file is trusted only when every part has the shape we write. */
function isStored(data: unknown): data is Stored {
  if (typeof data !== 'object' || data === null) return false;
  const stored = data as Partial<Stored>;
  if (stored.format !== cacheFormat || stored.version !== cacheFormatVersion) return false;
  if (typeof stored.written !== 'number' || typeof stored.build !== 'string' || typeof stored.options !== 'string' || typeof stored.project !== 'string') return false;
  if (!Array.isArray(stored.findings) || !Array.isArray(stored.projectProblems) || !Array.isArray(stored.notes)) return false;
  if (!stored.notes.every((note) => typeof note === 'string')) return false;
  if (!stored.projectProblems.every((problem) => typeof problem?.file === 'string' && typeof problem.message === 'string')) return false;
  if (typeof stored.files !== 'object' || stored.files === null || typeof stored.followed !== 'object' || stored.followed === null) return false;
  for (const needs of Object.values(stored.followed)) {
    if (!Array.isArray(needs) || !needs.every((need) => typeof need?.name === 'string' && (need.owners === undefined || (Array.isArray(need.owners) && need.owners.every((owner: unknown) => typeof owner === 'string'))))) return false;
  }
  return stored.findings.every(isFinding);
}

function isFinding(value: unknown): boolean {
  const finding = value as Finding;
  return (
    typeof finding === 'object' &&
    finding !== null &&
    typeof finding.rule === 'string' &&
    typeof finding.file === 'string' &&
    typeof finding.message === 'string' &&
    typeof finding.severity === 'string' &&
    isRange(finding.range) &&
    Array.isArray(finding.related) &&
    Array.isArray(finding.fixes)
  );
}

function isRange(range: unknown): boolean {
  const r = range as Finding['range'];
  return typeof r === 'object' && r !== null && typeof r.start?.line === 'number' && typeof r.start?.character === 'number' && typeof r.end?.line === 'number' && typeof r.end?.character === 'number';
}
