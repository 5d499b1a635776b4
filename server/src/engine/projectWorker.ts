// Linting one project, in this thread or in a worker thread. A worker is this same code (the
// CLI bundle, or this module when run from source) started with `workerData.role` set: it lints
// each project it is sent, with the texts the main thread read, and answers with plain data.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Discovered } from '../project/discover';
import type { ProjectProblem } from '../project/projectModel';
import { Engine, type EngineOptions } from './engine';
import { addTimings, takeTimings } from './fileTimings';
import { contentHash } from './lintCache';
import type { Finding } from './findings';
import type { NameNeed } from './sessionNames';
import { readSwiftSource } from './swiftSource';

export const workerRole = 'urlsession-lint-projects';

export interface ProjectOutcome {
  findings: Finding[];
  projectProblems: ProjectProblem[];
  /** The files that were parsed (the lint cache needs them). */
  parsed: string[];
  /** The names the second pass followed. */
  followed: NameNeed[];
  /** What the engine wrote to stderr while linting it (a worker cannot print in order). */
  notes: string[];
  /** The files the worker read itself (those it was not sent), in order. */
  reads?: FileRead[];
}

/** A file a worker read: why it could not be read, or the content hash of its text when asked. */
export interface FileRead {
  file: string;
  problem?: string;
  hash?: string;
}

export interface ProjectJob {
  id: number;
  options: EngineOptions;
  files: string[];
  /** The texts to lint (those the main thread read or holds). */
  texts: [string, string][];
  /** The worker reads the files it was not sent itself (else they could not be read). */
  readOthers: boolean;
  /** Hash what the worker reads (the lint cache keys files by content). */
  hash: boolean;
  /** The project files found under the project's root, by the main thread (it has the run's folder listings). */
  discovered?: Discovered;
}

export async function lintOneProject(
  options: EngineOptions,
  files: string[],
  read: (path: string) => string | undefined,
  discovered?: Discovered,
): Promise<ProjectOutcome> {
  const engine = await Engine.create(options);
  const findings = engine.lintFiles(files, read, discovered);
  return {
    findings,
    projectProblems: engine.projectModel?.problems ?? [],
    parsed: files.filter((file) => engine.factsOf(file)),
    // Within one project every file is in the engine's single scope.
    followed: [...engine.followedNames.values()].flat(),
    notes: [],
  };
}

/** What a worker posts back: the outcome of job `id`, or why it failed. */
export type ProjectReply = { id: number; outcome: ProjectOutcome; timings: [string, number][] } | { id: number; error: string };

function serveProjects(): void {
  const port = parentPort!;
  port.on('message', async (job: ProjectJob) => {
    const notes: string[] = [];
    console.error = (...args: unknown[]) => notes.push(args.map(String).join(' '));
    try {
      const texts = new Map(job.texts);
      const reads: FileRead[] = [];
      const unreadable = new Set<string>();
      const read = (file: string): string | undefined => {
        const held = texts.get(file);
        if (held !== undefined || !job.readOthers) return held;
        // The engine may ask again for a file it could not have: it is reported once.
        if (unreadable.has(file)) return undefined;
        const result = readSwiftSource(file);
        if ('problem' in result) {
          unreadable.add(file);
          reads.push({ file, problem: result.problem });
          return undefined;
        }
        reads.push(job.hash ? { file, hash: contentHash(result.text) } : { file });
        return result.text;
      };
      const outcome = await lintOneProject(job.options, job.files, read, job.discovered);
      port.postMessage({ id: job.id, outcome: { ...outcome, notes, reads }, timings: takeTimings() } satisfies ProjectReply);
    } catch (error) {
      port.postMessage({ id: job.id, error: (error as Error).stack ?? String(error) } satisfies ProjectReply);
    }
  });
}

/** Timings a worker measured, added to this thread's. */
export function recordWorkerTimings(timings: [string, number][]): void {
  addTimings(timings);
}

if (!isMainThread && (workerData as { role?: string } | undefined)?.role === workerRole) serveProjects();
