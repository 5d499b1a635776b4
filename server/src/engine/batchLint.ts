// The CLI's batch run: every file, the project around them, and what could not be read of it.
// With a cache folder, an unchanged workspace is answered from the lint cache (lintCache.ts).
import { discover } from '../project/discover';
import type { ProjectProblem } from '../project/projectModel';
import { grammarFile } from '../parse/swiftParser';
import type { EngineOptions } from './engine';
import type { Finding } from './findings';
import { buildKey, contentHash, LintCache, projectKey, statSignature, type RunInputs } from './lintCache';
import { projectRootFor, projectScopes } from './projectRoot';
import { lintProjects, type WorkerReading } from './projectsLint';

export interface BatchResult {
  findings: Finding[];
  /** Malformed project, plist and entitlements files (one message each). */
  projectProblems: ProjectProblem[];
}

export interface BatchCache {
  /** The folder holding cache files (created when missing). */
  dir: string;
}

/**
 * `readElsewhere`, when given, lets worker threads read files themselves (as `read` would, with
 * readSwiftSource): it is told of each file they read, with why it could not be read if so.
 */
export async function lintBatch(
  options: EngineOptions,
  paths: string[],
  read: (path: string) => string | undefined,
  cache?: BatchCache,
  readElsewhere?: (path: string, problem: string | undefined) => void,
): Promise<BatchResult> {
  const workerReading = (held: (path: string) => string | undefined, hash: boolean): WorkerReading | undefined =>
    readElsewhere && { held, onRead: readElsewhere, hash };
  if (!cache) {
    const { findings, projectProblems } = await lintProjects(options, paths, read, workerReading(() => undefined, false));
    return { findings, projectProblems };
  }
  const store = new LintCache(cache.dir, [...paths].sort());
  const texts = new Map<string, string>();
  const hashes = new Map<string, string>();
  const stats = new Map<string, string>();
  const found = discover(projectRootFor(paths));
  const inputs: RunInputs = {
    build: buildKey(grammarFile()),
    options: JSON.stringify(options),
    project: projectKey([...found.pbxprojs, ...found.xcodegenSpecs, ...found.packageManifests, ...found.tuistManifests, ...found.infoPlists, ...found.entitlements]),
    hashes,
    stats,
  };
  // With no stored outcome that could answer (a first run, another build or project), nothing is
  // read ahead: the files are read (and hashed) where they are linted, on the workers if any.
  const readAhead = !readElsewhere || store.mayMatch(inputs);
  for (const path of paths) {
    // Like git's index: a file whose stat is unchanged is not read again.
    const stat = statSignature(path);
    const trusted = store.trustedHash(path, stat);
    if (trusted !== undefined) {
      hashes.set(path, trusted);
      stats.set(path, stat!.signature);
      continue;
    }
    if (stat?.settled) stats.set(path, stat.signature);
    if (!readAhead) continue;
    const text = read(path);
    if (text === undefined) continue;
    texts.set(path, text);
    hashes.set(path, contentHash(text));
  }
  if (readAhead) {
    const cached = store.lookup(inputs, (path) => texts.get(path), projectScopes(paths));
    if (cached) {
      for (const note of cached.notes) console.error(note);
      return { findings: cached.findings, projectProblems: cached.projectProblems };
    }
  }

  // What the engine reports on stderr belongs to the outcome: a cached run says it again.
  const notes: string[] = [];
  const report = console.error;
  console.error = (...args: unknown[]) => {
    notes.push(args.map(String).join(' '));
    report(...args);
  };
  // The engine keeps what it needs of a text: this map lets go of each as it is handed over.
  const handOver = (path: string) => {
    const text = texts.get(path);
    texts.delete(path);
    return text;
  };
  try {
    const outcome = await lintProjects(
      options,
      paths,
      (path) => {
        const text = handOver(path) ?? read(path);
        if (text !== undefined && !hashes.has(path)) hashes.set(path, contentHash(text));
        return text;
      },
      workerReading(handOver, true),
    );
    for (const [path, hash] of outcome.hashes) hashes.set(path, hash);
    const { findings, projectProblems } = outcome;
    store.store(inputs, outcome.parsed, outcome.followedNames, { findings, projectProblems, notes });
    return { findings, projectProblems };
  } finally {
    console.error = report;
  }
}
