// Compares the full JSON findings of two CLI builds on the same folders, to check that a speed
// change keeps findings identical. Usage:
//   node test/bench/compareFindings.mjs BASE_CLI NEW_CLI DIR…   (e.g. /tmp/base/cli.js dist/cli.js /work/realcode examples)
// Each DIR is linted as one folder, with the cache off. Exits 1 and prints the differences when any.
import { spawnSync } from 'node:child_process';

const [base, next, ...dirs] = process.argv.slice(2);
if (!base || !next || dirs.length === 0) {
  console.error('usage: compareFindings.mjs BASE_CLI NEW_CLI DIR…');
  process.exit(2);
}

/** Stack traces name the bundle and its line numbers, which differ between any two builds. */
const withoutBundlePositions = (line) => line.replace(/[^\s()]*\.js:\d+:\d+/g, 'bundle');

function findings(cli, dir) {
  const run = spawnSync(process.execPath, [cli, '--no-cache', '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`${cli} ${dir}: exit ${run.status}\n${run.stderr}`);
  return { lines: JSON.parse(run.stdout).map((finding) => JSON.stringify(finding)).sort(), stderr: run.stderr.split('\n').filter(Boolean).map(withoutBundlePositions).sort() };
}

let differ = false;
for (const dir of dirs) {
  const a = findings(base, dir);
  const b = findings(next, dir);
  const onlyA = a.lines.filter((line) => !b.lines.includes(line));
  const onlyB = b.lines.filter((line) => !a.lines.includes(line));
  const notesA = a.stderr.filter((line) => !b.stderr.includes(line));
  const notesB = b.stderr.filter((line) => !a.stderr.includes(line));
  console.log(`${dir}: ${a.lines.length} findings before, ${b.lines.length} after; ${onlyA.length} lost, ${onlyB.length} new; stderr lines ${notesA.length} lost, ${notesB.length} new`);
  for (const line of onlyA) console.log(`  - ${line}`);
  for (const line of onlyB) console.log(`  + ${line}`);
  for (const line of notesA) console.log(`  stderr - ${line}`);
  for (const line of notesB) console.log(`  stderr + ${line}`);
  if (onlyA.length + onlyB.length > 0) differ = true;
}
process.exit(differ ? 1 : 0);
