// Runs the extension-host suite in a VS Code downloaded by @vscode/test-electron, on the examples/
// workspace (the suite changes its files only in memory). On machines without access to
// Microsoft's servers the download fails: run the same suite in code-server instead
// (runCodeServer.mjs, `npm run test:vscode`).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(here, 'out', 'suite', 'index.js'),
    launchArgs: [join(root, 'examples'), '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  console.error(`Editor tests failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
