// Runs the extension-host suite in a VS Code downloaded by @vscode/test-electron, on a fresh copy
// of test/editor/fixture. (On machines without access to Microsoft's servers the download fails:
// run the same suite in code-server instead.)
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const workspace = mkdtempSync(join(tmpdir(), 'urlsession-lint-editor-'));
cpSync(join(here, 'fixture'), workspace, { recursive: true });

try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(here, 'out', 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  console.error(`Editor tests failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
