// A folder of separate checkouts (projectScopes) is linted one project at a time: each project
// is a workspace of its own, so a name, session or handleEvents of one repository never meets
// another's, the findings are those of linting each repository on its own, and only one
// project's facts are in memory at a time. With many files and more than one core, projects are
// linted on worker threads, a project per worker at a time; the outcome is merged in project
// order, so it does not depend on which worker finished first. Workers may read their project's
// files themselves: the main thread then never holds the tree's texts (memory) and reading is
// shared between the cores.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ProjectProblem } from '../project/projectModel';
import type { EngineOptions } from './engine';
import type { Finding } from './findings';
import { projectRootFor, projectScopes } from './projectRoot';
import { discover } from '../project/discover';
import { lintOneProject, recordWorkerTimings, workerRole, type ProjectJob, type ProjectOutcome, type ProjectReply } from './projectWorker';
import type { NameNeed } from './sessionNames';

export interface ProjectsOutcome {
  findings: Finding[];
  projectProblems: ProjectProblem[];
  /** The files that were parsed (the lint cache needs them). */
  parsed: Set<string>;
  /** The names the second pass followed, by project scope (projectScopes of all the paths). */
  followedNames: Map<string, NameNeed[]>;
  /** How many projects worker threads linted. */
  onWorkers: number;
  /** Content hashes of the files worker threads read themselves (when asked to hash). */
  hashes: Map<string, string>;
}

/** Lets worker threads read files themselves instead of being sent the texts. */
export interface WorkerReading {
  /** A text this thread holds already (it is sent as it is); undefined for the files to read. */
  held(path: string): string | undefined;
  /** Told of each file a worker read, in project order, with why it could not be read if so. */
  onRead(path: string, problem: string | undefined): void;
  /** Workers return the content hash of each text they read (ProjectsOutcome.hashes). */
  hash: boolean;
}

/**
 * Below this many files a worker's start-up (loading the bundle and compiling the grammar, about
 * 0.2 s) costs more than it wins. URLSESSION_LINT_JOBS overrides the number of threads.
 */
const minFilesForWorkers = 2000;

function threadCount(paths: string[], projects: number): number {
  const asked = Number(process.env.URLSESSION_LINT_JOBS);
  if (Number.isInteger(asked) && asked > 0) return Math.min(asked, projects);
  return paths.length >= minFilesForWorkers ? Math.min(availableParallelism(), projects) : 1;
}

export async function lintProjects(
  options: EngineOptions,
  paths: string[],
  read: (path: string) => string | undefined,
  workerReading?: WorkerReading,
): Promise<ProjectsOutcome> {
  const scopeOf = projectScopes(paths);
  const byScope = new Map<string, string[]>();
  for (const path of paths) {
    const scope = scopeOf(path);
    if (!byScope.has(scope)) byScope.set(scope, []);
    byScope.get(scope)!.push(path);
  }
  const projects = [...byScope].sort(([a], [b]) => a.localeCompare(b));
  const threads = threadCount(paths, projects.length);
  const outcomes = threads > 1 ? await lintOnWorkers(options, projects, read, threads, workerReading) : [];
  const outcome: ProjectsOutcome = { findings: [], projectProblems: [], parsed: new Set(), followedNames: new Map(), onWorkers: outcomes.filter(Boolean).length, hashes: new Map() };
  for (const [index, [scope, files]] of projects.entries()) {
    // A project a worker could not lint is linted here (a worker that fails must not lose it).
    const project = outcomes[index] ?? (await lintOneProject(options, files, read));
    for (const { file, problem, hash } of project.reads ?? []) {
      workerReading?.onRead(file, problem);
      if (hash !== undefined) outcome.hashes.set(file, hash);
    }
    for (const note of project.notes) console.error(note);
    outcome.findings.push(...project.findings);
    outcome.projectProblems.push(...project.projectProblems);
    for (const file of project.parsed) outcome.parsed.add(file);
    if (project.followed.length > 0) outcome.followedNames.set(scope, project.followed);
  }
  return outcome;
}

/**
 * Lints the projects on `threads` workers, largest first (so that one big project does not start
 * last). Without workerReading the texts are read here, as each project is handed out. An entry
 * is missing where a worker failed or died: lintProjects lints that project itself.
 */
async function lintOnWorkers(
  options: EngineOptions,
  projects: [string, string[]][],
  read: (path: string) => string | undefined,
  threads: number,
  workerReading: WorkerReading | undefined,
): Promise<(ProjectOutcome | undefined)[]> {
  const outcomes: (ProjectOutcome | undefined)[] = [];
  const queue = projects.map((_, index) => index).sort((a, b) => projects[b][1].length - projects[a][1].length);
  const work = async (): Promise<void> => {
    const worker = startWorker();
    let exited = false;
    worker.once('exit', () => (exited = true));
    try {
      for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
        const files = projects[index][1];
        if (exited) continue;
        const texts: [string, string][] = [];
        for (const file of files) {
          const text = workerReading ? workerReading.held(file) : read(file);
          if (text !== undefined) texts.push([file, text]);
        }
        // Discovered here, from the folders the walk listed: a worker would list them all again.
        const discovered = discover(resolve(projectRootFor(files)));
        const reply = await ask(worker, { id: index, options, files, texts, readOthers: workerReading !== undefined, hash: workerReading?.hash ?? false, discovered });
        if ('outcome' in reply) {
          outcomes[index] = reply.outcome;
          recordWorkerTimings(reply.timings);
        } else {
          console.error(`urlsession-lint: a worker thread failed, linting ${projects[index][0] || 'the project'} on the main thread: ${reply.error.split('\n')[0]}`);
        }
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: threads }, work));
  return outcomes;
}

/**
 * A worker running this module: the bundle itself, or from source (tests) the TypeScript file
 * through tsx, whose loader a worker thread does not inherit.
 */
function startWorker(): Worker {
  const workerData = { role: workerRole };
  if (!__filename.endsWith('.ts')) return new Worker(__filename, { workerData });
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, { eval: true, workerData });
}

/** Sends a job and waits for its reply; a worker that dies first answers with an error. */
function ask(worker: Worker, job: ProjectJob): Promise<ProjectReply> {
  return new Promise((resolve) => {
    const settle = (reply: ProjectReply) => {
      worker.off('message', settle);
      worker.off('error', onError);
      worker.off('exit', onExit);
      resolve(reply);
    };
    const onError = (error: Error) => settle({ id: job.id, error: error.stack ?? error.message });
    const onExit = (code: number) => settle({ id: job.id, error: `the worker exited (code ${code})` });
    worker.on('message', settle);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(job);
  });
}
