// Runs every test/**/*.test.ts with node's test runner (Node 20 does not expand globs itself).
// test/editor/ is left out: those tests run inside a real VS Code (npm run test:editor).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['editor', 'fixtures', 'node_modules'].includes(entry.name)) found.push(...findTests(path));
    } else if (entry.name.endsWith('.test.ts')) {
      found.push(path);
    }
  }
  return found;
}

const only = process.argv.slice(2);
const files = findTests('test')
  .filter((file) => only.length === 0 || only.some((part) => file.includes(part)))
  .sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
