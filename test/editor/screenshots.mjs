// The README's screenshots, taken in the real workbench (code-server's VS Code in headless
// Chromium) on examples/: runCodeServer.mjs --screenshots loads the extension without the test
// suite and hands the page here. Each step drives the editor with the keyboard as a user would
// and waits for the DOM to show the state before taking the picture; nothing waits on the clock.
// Files of examples/ are only changed in memory (auto-save is off) and never saved.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Generous bounds on each wait; a step normally takes well under a second. */
const stepTimeoutMs = 30_000;

/**
 * @param {import('playwright-core').Page} page the workbench, already navigated
 * @param {string} workspace examples/
 * @param {string} outDir where the PNGs go (docs/images)
 * @param {string} failurePath where the page is pictured when a step fails
 * @returns {Promise<string[]>} the files written
 */
export async function takeScreenshots(page, workspace, outDir, failurePath) {
  try {
    return await steps(page, workspace, outDir);
  } catch (error) {
    // What the workbench showed when a wait gave up.
    await page.screenshot({ path: failurePath }).catch(() => {});
    throw error;
  }
}

async function steps(page, workspace, outDir) {
  page.setDefaultTimeout(stepTimeoutMs);
  const written = [];
  const shoot = async (name) => {
    const path = join(outDir, name);
    // Caret blink and hover fades would make the pictures differ from run to run.
    await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
    shrink(path);
    written.push(path);
  };
  const project = join(workspace, 'BackgroundTransfers');
  const shareViewController = 'ShareExtension/ShareViewController.swift';
  const downloadService = 'BackgroundTransfers/BackgroundDownloadService.swift';

  await page.locator('.monaco-workbench .part.editor').waitFor();
  await page.locator('.explorer-folders-view').waitFor();
  // The editor gets the whole width: long Swift lines, and the walkthrough's media column, which
  // the page hides when it is narrow.
  await runCommand(page, 'View: Close Primary Side Bar');
  await page.locator('.part.sidebar').waitFor({ state: 'hidden' });

  // 1. Squiggles in the share extension, and the Problems panel.
  await openFile(page, shareViewController);
  await page.locator('.monaco-editor .squiggly-error').first().waitFor();
  await runCommand(page, 'View: Focus Problems');
  await page.locator('.markers-panel .monaco-tl-row', { hasText: 'identifier' }).first().waitFor();
  await goTo(page, positionOf(project, shareViewController, 'withIdentifier: "'));
  await page.locator('.monaco-editor .squiggly-error').first().waitFor();
  await shoot('diagnostics.png');

  // 2. The lightbulb on the background identifier: the app-group fix and the identifier rewrites.
  await goTo(page, positionOf(project, shareViewController, 'withIdentifier: "', 'withIdentifier: "'.length + 5));
  await page.keyboard.press('Control+.');
  const actions = page.locator('.action-widget').first();
  await actions.getByText('Set app group').first().waitFor();
  await actions.getByText('Use a bundle-based identifier').first().waitFor();
  await shoot('quick-fixes.png');
  await page.keyboard.press('Escape');
  await actions.getByText('Set app group').waitFor({ state: 'hidden' });
  await runCommand(page, 'View: Hide Panel');

  // 3. A hover on an API: isDiscretionary in the app's download service.
  await openFile(page, downloadService);
  await goTo(page, positionOf(project, downloadService, 'isDiscretionary', 3));
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  await page.locator('.monaco-hover', { hasText: 'Testing background transfers' }).first().waitFor();
  await shoot('hover.png');
  await page.keyboard.press('Escape');

  // 4. A snippet on its way in: the completion list with the snippet's text beside it.
  const end = readFileSync(join(project, downloadService), 'utf8').split('\n').length;
  await goTo(page, { line: end, column: 1 });
  await page.keyboard.press('Enter');
  await page.keyboard.type('bgConfig');
  const suggest = page.locator('.suggest-widget');
  await suggest.locator('.monaco-list-row', { hasText: 'bgConfiguration' }).first().waitFor();
  // The details pane shows the snippet's code; it opens on demand the first time.
  if (!(await page.locator('.suggest-details-container .suggest-details').isVisible())) await page.keyboard.press('Control+Space');
  await page.locator('.suggest-details-container', { hasText: 'background(withIdentifier:' }).waitFor();
  await shoot('snippet.png');
  await page.keyboard.press('Escape');
  await runCommand(page, 'File: Revert File');
  await page.locator('.tab.active.dirty').waitFor({ state: 'detached' });

  // 5. The walkthrough, on its OSLog step (the one with code).
  // The command opens a second picker, of walkthroughs.
  await runCommand(page, 'Welcome: Open Walkthrough...', { thenPick: 'Testing background transfers' });
  const walkthrough = page.locator('.gettingStartedContainer');
  await walkthrough.locator('.getting-started-step', { hasText: 'Log with OSLog' }).first().click();
  await walkthrough.locator('.getting-started-step.expanded', { hasText: 'Log with OSLog' }).waitFor();
  // The step's page renders in a webview: wait for its code block inside the frame.
  await page.frameLocator('.getting-started-media iframe').frameLocator('iframe#active-frame').locator('code', { hasText: 'Logger' }).first().waitFor();
  await shoot('walkthrough.png');

  return written;
}

async function runCommand(page, label, { thenPick } = {}) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${label}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().click();
  if (thenPick) await page.locator('.quick-input-widget .monaco-list-row', { hasText: thenPick }).first().click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

async function openFile(page, relativePath) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(relativePath);
  const name = relativePath.split('/').pop();
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor();
  await page.locator('.monaco-editor.focused').waitFor();
}

/** Moves the cursor with Go to Line (1-based line and column). */
async function goTo(page, { line, column }) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page.locator('.monaco-editor.focused').waitFor();
}

/** 1-based position `offset` characters into the first occurrence of `needle` in a file. */
function positionOf(project, relativePath, needle, offset = 0) {
  const text = readFileSync(join(project, relativePath), 'utf8');
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`screenshots: "${needle}" is not in ${relativePath}`);
  const before = text.slice(0, index + offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** A 256-colour palette keeps UI pictures sharp at about a third of the size (Debian's pngquant). */
function shrink(path) {
  const result = spawnSync('pngquant', ['--quality', '80-95', '--speed', '1', '--strip', '--force', '--output', path, path]);
  if (result.error?.code === 'ENOENT') console.log('screenshots: pngquant is not installed (apt-get install pngquant); the PNGs stay full size');
  else if (result.status !== 0) throw new Error(`pngquant ${path}: ${result.stderr}`);
}
