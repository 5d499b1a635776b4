// A worker thread that turns Swift texts into facts (parse + extraction), so that the language
// server's indexing never holds its event loop for the length of a large file's parse: the main
// thread only reads texts, runs the keyword tests and adds the facts it gets back. The worker is
// this same code (the server bundle, or this module when run from source) started with
// `workerData.role` set.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { extractFacts, numberFunctionsFrom } from '../facts/extractFacts';
import type { FileFacts } from '../facts/facts';
import { loadSwiftParser, parseSwift } from '../parse/swiftParser';

const factsRole = 'urlsession-lint-facts';

interface FactsJob {
  id: number;
  path: string;
  text: string;
}

/** The facts of a text, or why it could not be analysed (a bug of ours, as a message). */
export type FactsReply = { id: number; facts: FileFacts } | { id: number; error: string };

/** Parses and extracts on one worker thread, in the order asked. */
export class FactsWorker {
  private nextId = 0;
  private readonly pending = new Map<number, (reply: FactsReply | undefined) => void>();
  private alive = true;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: FactsReply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
    });
    // A worker that dies answers every pending text with undefined: the caller analyses them itself.
    const fail = () => {
      this.alive = false;
      for (const settle of this.pending.values()) settle(undefined);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    // An idle worker never keeps the process alive; one with texts to answer does.
    worker.unref();
  }

  /** Starts a worker, or undefined where threads cannot be started. */
  static start(): FactsWorker | undefined {
    try {
      const options = { workerData: { role: factsRole } };
      // From source (tests), through tsx, whose loader a worker thread does not inherit.
      const worker = __filename.endsWith('.ts')
        ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, { ...options, eval: true })
        : new Worker(__filename, options);
      return new FactsWorker(worker);
    } catch {
      return undefined;
    }
  }

  get isAlive(): boolean {
    return this.alive;
  }

  /** The facts of `text`; undefined when the worker is gone (analyse it on this thread). */
  facts(path: string, text: string): Promise<FactsReply | undefined> {
    if (!this.alive) return Promise.resolve(undefined);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((settle) => {
      this.pending.set(id, settle);
      this.worker.postMessage({ id, path, text } satisfies FactsJob);
    });
  }

  close(): Promise<number> {
    this.alive = false;
    return this.worker.terminate();
  }
}

/** The worker's function ids: far above any the main thread's extraction will reach. */
const workerFunctionIds = 2 ** 40;

function serveFacts(): void {
  const port = parentPort!;
  numberFunctionsFrom(workerFunctionIds);
  const parser = loadSwiftParser();
  port.on('message', async (job: FactsJob) => {
    try {
      const parsed = parseSwift(await parser, job.text);
      try {
        port.postMessage({ id: job.id, facts: extractFacts(job.path, parsed.tree.rootNode) } satisfies FactsReply);
      } finally {
        parsed.tree.delete();
      }
    } catch (error) {
      port.postMessage({ id: job.id, error: (error as Error).message } satisfies FactsReply);
    }
  });
}

if (!isMainThread && (workerData as { role?: string } | undefined)?.role === factsRole) serveFacts();
