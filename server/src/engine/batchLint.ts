// The CLI's batch run: every file, the project around them, and what could not be read of it.
// With a cache folder, an unchanged workspace is answered from the lint cache (lintCache.ts).
import { discover } from '../project/discover';
import type { ProjectProblem } from '../project/projectModel';
import { grammarFile } from '../parse/swiftParser';
import type { EngineOptions } from './engine';
import type { Finding } from './findings';
import { buildKey, contentHash, LintCache, projectKey, statSignature, type RunInputs } from './lintCache';
import { projectRootFor, projectScopes } from './projectRoot';
import { lintProjects } from './projectsLint';

export interface BatchResult {
  findings: Finding[];
  /** Malformed project, plist and entitlements files (one message each). */
  projectProblems: ProjectProblem[];
}

export interface BatchCache {
  /** The folder holding cache files (created when missing). */
  dir: string;
}

export async function lintBatch(options: EngineOptions, paths: string[], read: (path: string) => string | undefined, cache?: BatchCache): Promise<BatchResult> {
  if (!cache) {
    const { findings, projectProblems } = await lintProjects(options, paths, read);
    return { findings, projectProblems };
  }
  const store = new LintCache(cache.dir, [...paths].sort());
  const texts = new Map<string, string>();
  const hashes = new Map<string, string>();
  const stats = new Map<string, string>();
  for (const path of paths) {
    // Like git's index: a file whose stat is unchanged is not read again.
    const stat = statSignature(path);
    const trusted = store.trustedHash(path, stat);
    if (trusted !== undefined) {
      hashes.set(path, trusted);
      stats.set(path, stat!.signature);
      continue;
    }
    const text = read(path);
    if (text === undefined) continue;
    texts.set(path, text);
    hashes.set(path, contentHash(text));
    if (stat?.settled) stats.set(path, stat.signature);
  }
  const found = discover(projectRootFor(paths));
  const inputs: RunInputs = {
    build: buildKey(grammarFile()),
    options: JSON.stringify(options),
    project: projectKey([...found.pbxprojs, ...found.xcodegenSpecs, ...found.packageManifests, ...found.tuistManifests, ...found.infoPlists, ...found.entitlements]),
    hashes,
    stats,
  };
  const cached = store.lookup(inputs, (path) => texts.get(path), projectScopes(paths));
  if (cached) {
    for (const note of cached.notes) console.error(note);
    return { findings: cached.findings, projectProblems: cached.projectProblems };
  }

  // What the engine reports on stderr belongs to the outcome: a cached run says it again.
  const notes: string[] = [];
  const report = console.error;
  console.error = (...args: unknown[]) => {
    notes.push(args.map(String).join(' '));
    report(...args);
  };
  try {
    const { findings, projectProblems, parsed, followedNames } = await lintProjects(options, paths, (path) => {
      const text = texts.get(path) ?? read(path);
      texts.delete(path); // the engine keeps what it needs
      return text;
    });
    store.store(inputs, parsed, followedNames, { findings, projectProblems, notes });
    return { findings, projectProblems };
  } finally {
    console.error = report;
  }
}
