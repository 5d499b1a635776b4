// Per-file time spent parsing, extracting and linting, for `npm run bench -- --real`: set
// URLSESSION_LINT_TIMINGS to a file name and the slowest files are written there at exit.
import { writeFileSync } from 'node:fs';

const output = process.env.URLSESSION_LINT_TIMINGS;
const spent = output ? new Map<string, number>() : undefined;

if (output && spent) {
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
    spent.set(file, (spent.get(file) ?? 0) + performance.now() - start);
  }
}
