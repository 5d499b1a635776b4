// Batch linting on both cores: the main thread and one worker each parse half of the files that
// matter, swap facts so both know the whole workspace, then each lints its own half with the
// trees it kept. Small runs stay on one thread (a worker costs ~100 ms to start).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileFacts } from '../facts/facts';
import type { ProjectProblem } from '../project/projectModel';
import { Engine, projectRootFor, type EngineOptions } from './engine';
import type { Finding } from './findings';
import { mightMatter } from './prefilter';

export interface SourceFile {
  path: string;
  text: string;
}

export type WorkerRequest =
  | { kind: 'index'; options: EngineOptions; files: SourceFile[] }
  | { kind: 'lint'; indexed: (SourceFile & { facts: FileFacts })[]; own: string[]; projectRoot: string; swiftFiles: string[] };

export type WorkerReply =
  | { kind: 'indexed'; facts: { path: string; facts: FileFacts }[] }
  | { kind: 'linted'; findings: Finding[] }
  | { kind: 'failed'; message: string };

/** Below this many Swift files the work is too small to share. */
const minFilesForWorker = 200;

export interface BatchResult {
  findings: Finding[];
  /** Malformed project, plist and entitlements files (one message each). */
  projectProblems: ProjectProblem[];
}

export async function lintFilesInParallel(options: EngineOptions, paths: string[], read: (path: string) => string | undefined): Promise<BatchResult> {
  const workerScript = join(__dirname, 'lintWorker.js');
  if (paths.length < minFilesForWorker || !existsSync(workerScript)) return lintOnOneThread(options, paths, read);
  const worker = new Worker(workerScript); // starts while this thread reads the files
  try {
    return await lintWithWorker(worker, options, paths, read);
  } catch (error) {
    console.error(`urlsession-lint: the lint worker failed (${(error as Error).message}); linting on one thread`);
    return lintOnOneThread(options, paths, read);
  } finally {
    await worker.terminate();
  }
}

async function lintOnOneThread(options: EngineOptions, paths: string[], read: (path: string) => string | undefined): Promise<BatchResult> {
  const engine = await Engine.create(options);
  const findings = engine.lintFiles(paths, read);
  return { findings, projectProblems: engine.projectModel?.problems ?? [] };
}

async function lintWithWorker(worker: Worker, options: EngineOptions, paths: string[], read: (path: string) => string | undefined): Promise<BatchResult> {
  const ask = channel(worker);
  const engine = await Engine.create(options);
  const texts = new Map<string, string>();
  const matching: SourceFile[] = [];
  const rest = new Map<string, string>();
  for (const path of paths) {
    const text = read(path);
    if (text === undefined) continue;
    texts.set(path, text);
    if (mightMatter(text)) matching.push({ path, text });
    else rest.set(path, text);
  }
  // Largest first, each to the lighter half, so both threads finish together.
  const mine: SourceFile[] = [];
  const theirs: SourceFile[] = [];
  let mineBytes = 0;
  let theirsBytes = 0;
  for (const file of matching.sort((a, b) => b.text.length - a.text.length)) {
    if (mineBytes <= theirsBytes) {
      mine.push(file);
      mineBytes += file.text.length;
    } else {
      theirs.push(file);
      theirsBytes += file.text.length;
    }
  }
  const indexed = ask({ kind: 'index', options, files: theirs });
  for (const file of mine) engine.setFile(file.path, file.text, { force: true, keepTree: true });
  const reply = await indexed;
  if (reply.kind !== 'indexed') throw new Error(reply.kind === 'failed' ? reply.message : 'unexpected reply');
  for (const { path, facts } of reply.facts) engine.adoptFacts(path, texts.get(path)!, facts);
  const second = engine.indexSecondPass(rest, true);
  const projectRoot = projectRootFor(paths);
  engine.loadProject(projectRoot, paths);

  const all = [...mine.map((file) => file.path), ...theirs.map((file) => file.path), ...second];
  const linted = ask({
    kind: 'lint',
    indexed: all.map((path) => ({ path, text: texts.get(path)!, facts: engine.factsOf(path)! })),
    own: theirs.map((file) => file.path),
    projectRoot,
    swiftFiles: paths,
  });
  const findings = [...mine.map((file) => file.path), ...second].flatMap((path) => {
    const found = engine.lint(path);
    engine.releaseTree(path);
    return found;
  });
  const theirFindings = await linted;
  if (theirFindings.kind !== 'linted') throw new Error(theirFindings.kind === 'failed' ? theirFindings.message : 'unexpected reply');
  return { findings: [...findings, ...theirFindings.findings], projectProblems: engine.projectModel?.problems ?? [] };
}

/** Request/reply over a worker: one request at a time. */
function channel(worker: Worker): (request: WorkerRequest) => Promise<WorkerReply> {
  return (request) =>
    new Promise((resolve, reject) => {
      const onMessage = (reply: WorkerReply) => {
        worker.off('error', onError);
        resolve(reply);
      };
      const onError = (error: Error) => {
        worker.off('message', onMessage);
        reject(error);
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
      worker.postMessage(request);
    });
}
