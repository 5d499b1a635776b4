// Per-file time spent parsing, extracting and linting, for `npm run bench -- --real`: set
// URLSESSION_LINT_TIMINGS to a file name and the slowest files are written there at exit.
// Worker threads (projectWorker.ts) hand their timings to the main thread, which writes them.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const output = process.env.URLSESSION_LINT_TIMINGS;
const spent = output ? new Map<string, number>() : undefined;

if (output && spent && isMainThread) {
  process.on('exit', () => {
    const slowest = [...spent].sort((a, b) => b[1] - a[1]).slice(0, 50);
    writeFileSync(output, JSON.stringify(slowest.map(([file, ms]) => ({ file, ms }))));
  });
}

/** Runs `work` and adds its time to `file`'s total (a plain call when timings are off). */
export function timed<T>(file: string, work: () => T): T {
  if (!spent) return work();
  const start = performance.now();
  try {
    return work();
  } finally {
    addTiming(file, performance.now() - start);
  }
}

function addTiming(file: string, ms: number): void {
  spent?.set(file, (spent.get(file) ?? 0) + ms);
}

/** The timings recorded so far, forgotten here (a worker sends them to the main thread). */
export function takeTimings(): [string, number][] {
  if (!spent) return [];
  const taken = [...spent];
  spent.clear();
  return taken;
}

/** Timings recorded by a worker thread. */
export function addTimings(timings: [string, number][]): void {
  for (const [file, ms] of timings) addTiming(file, ms);
}
