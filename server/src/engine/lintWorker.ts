// The worker half of parallelLint.ts: parses the files it is given, hands back their facts, then
// lints them against the whole workspace's facts.
import { parentPort } from 'node:worker_threads';
import { startFunctionIdsAt } from '../facts/extractFacts';
import { Engine } from './engine';
import type { WorkerReply, WorkerRequest } from './parallelLint';

// Function ids must not collide with the main thread's.
startFunctionIdsAt(1_000_000_000);

let engine: Engine | undefined;

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  if (request.kind === 'index') {
    engine = await Engine.create(request.options);
    for (const file of request.files) engine.setFile(file.path, file.text, { force: true, keepTree: true });
    return { kind: 'indexed', facts: request.files.map((file) => ({ path: file.path, facts: engine!.factsOf(file.path)! })) };
  }
  if (!engine) return { kind: 'failed', message: 'lint before index' };
  // The main thread's copies of every file's facts, this thread's own included, so that every
  // value the rules compare comes from one set of objects.
  for (const file of request.indexed) engine.adoptFacts(file.path, file.text, file.facts);
  engine.loadProject(request.projectRoot, request.swiftFiles);
  return { kind: 'linted', findings: request.own.flatMap((path) => engine!.lint(path)) };
}

parentPort?.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (reply) => parentPort?.postMessage(reply),
    (error: Error) => parentPort?.postMessage({ kind: 'failed', message: error.stack ?? String(error) } satisfies WorkerReply),
  );
});
