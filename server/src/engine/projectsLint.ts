// A folder of separate checkouts (projectScopes) is linted one project at a time: each project
// is a workspace of its own, so a name, session or handleEvents of one repository never meets
// another's, the findings are those of linting each repository on its own, and only one
// project's facts are in memory at a time. With many files and more than one core, projects are
// linted on worker threads, a project per worker at a time; the outcome is merged in project
// order, so it does not depend on which worker finished first.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ProjectProblem } from '../project/projectModel';
import type { EngineOptions } from './engine';
import type { Finding } from './findings';
import { projectScopes } from './projectRoot';
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

export async function lintProjects(options: EngineOptions, paths: string[], read: (path: string) => string | undefined): Promise<ProjectsOutcome> {
  const scopeOf = projectScopes(paths);
  const byScope = new Map<string, string[]>();
  for (const path of paths) {
    const scope = scopeOf(path);
    if (!byScope.has(scope)) byScope.set(scope, []);
    byScope.get(scope)!.push(path);
  }
  const projects = [...byScope].sort(([a], [b]) => a.localeCompare(b));
  const threads = threadCount(paths, projects.length);
  const outcomes = threads > 1 ? await lintOnWorkers(options, projects, read, threads) : [];
  const outcome: ProjectsOutcome = { findings: [], projectProblems: [], parsed: new Set(), followedNames: new Map(), onWorkers: outcomes.filter(Boolean).length };
  for (const [index, [scope, files]] of projects.entries()) {
    // A project a worker could not lint is linted here (a worker that fails must not lose it).
    const project = outcomes[index] ?? (await lintOneProject(options, files, read));
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
 * last). The texts are read here, as each project is handed out. An entry is missing where a
 * worker failed or died: lintProjects lints that project itself.
 */
async function lintOnWorkers(options: EngineOptions, projects: [string, string[]][], read: (path: string) => string | undefined, threads: number): Promise<(ProjectOutcome | undefined)[]> {
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
          const text = read(file);
          if (text !== undefined) texts.push([file, text]);
        }
        const reply = await ask(worker, { id: index, options, files, texts });
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
