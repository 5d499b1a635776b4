// Builds the extension-host test suite (test/editor/suite/*.ts) into test/editor/out/suite, for
// any runner that loads an `extensionTestsPath` (@vscode/test-electron, code-server).
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const esbuild = createRequire(import.meta.url)('esbuild');
const here = dirname(fileURLToPath(import.meta.url));
const suiteDir = join(here, 'suite');

await esbuild.build({
  entryPoints: readdirSync(suiteDir).filter((name) => name.endsWith('.ts')).map((name) => join(suiteDir, name)),
  outdir: join(here, 'out', 'suite'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // The extension host provides `vscode`; mocha must be the one instance the suite's index sets up.
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
