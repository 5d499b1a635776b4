// Language server speed, measured over real LSP on the built server (dist/server.js): start to
// first diagnostics, the round trip from a one-character didChange to its publishDiagnostics on a
// 5,000-line file, the server's own re-analysis time (from its analysisDone notification), and the
// server's memory with the examples workspace indexed. Then issue 9's shapes: a dense 5,000-line
// file of 125 background-session classes, the first index of a 1,600-file app while requests keep
// coming, and a 5,000-file watched-file storm (a branch switch) while someone types.
// Run: npm run build && node --import tsx test/bench/lspBench.ts
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { LspTestClient, repoRoot } from '../lsp/lspTestClient';
import { synthesizeSwiftTree } from './synthesize';

type Spread = { p50: number; p95: number; max: number };

export interface LspBenchResult {
  fileLines: number;
  edits: number;
  startToFirstDiagnosticsMs: number;
  /** The part of it until the server answered `initialize` (process start, bundle load). */
  startToInitializeMs: number;
  roundTripMs: Spread;
  reanalysisMs: Spread;
  /** The parts of reanalysisMs: handing the text to the engine, and running the rules. */
  updateMs: Spread;
  lintMs: Spread;
  indexedFiles: number;
  rssMb: { examplesIndexed: number; afterEdits: number };
  dense: EditFigures;
  firstIndex: FirstIndexFigures;
  storm: StormFigures;
  targets: typeof lspTargets;
}

interface EditFigures {
  fileLines: number;
  edits: number;
  roundTripMs: Spread;
  reanalysisMs: Spread;
  updateMs: Spread;
  lintMs: Spread;
}

interface FirstIndexFigures {
  files: number;
  /** From `initialized` to the server's "indexed" log message, and the server's own figure. */
  indexMs: number;
  serverIndexMs: number;
  /** The longest stretch the server's event loop was held while it indexed, by its own log. */
  longestBlockMs: number;
  requests: number;
  /** Round trips of hover, codeAction and didChange→diagnostics sent while indexing ran. */
  hoverMs: Spread;
  codeActionMs: Spread;
  diagnosticsMs: Spread;
  /** The same requests after indexing (p50), and the most any request took beyond that during it. */
  idleP50Ms: { hover: number; codeAction: number; diagnostics: number };
  maxDelayMs: number;
}

interface StormFigures {
  files: number;
  changed: number;
  /** From the didChangeWatchedFiles notification to the server's "re-indexed" log message. */
  reindexMs: number;
  /** The longest stretch the server's event loop was held while it re-indexed, by its own log. */
  longestBlockMs: number;
  keystrokes: number;
  /** didChange→diagnostics round trips of keystrokes typed while the storm was re-indexed, and before it. */
  roundTripMs: Spread;
  idleRoundTripMs: Spread;
}

export const lspTargets = {
  reanalysisP95Ms: 20,
  roundTripP95Ms: 50,
  startMs: 300,
  rssMb: 200,
  denseReanalysisP95Ms: 20,
  denseRoundTripP95Ms: 50,
  firstIndexMs: 2000,
  requestDelayMaxMs: 50,
  stormRoundTripP95Ms: 100,
};

/** A 5,000-line Swift file: a background transfer manager followed by ordinary app code. */
export function synthesizeSwift(lines = 5000): string {
  const head = [
    'import UIKit',
    '',
    'final class TransferManager: NSObject, URLSessionDownloadDelegate {',
    '    static let shared = TransferManager()',
    '    private lazy var session: URLSession = {',
    '        let configuration = URLSessionConfiguration.background(withIdentifier: "com.example.app.transfers")',
    '        configuration.isDiscretionary = true',
    '        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)',
    '    }()',
    '',
    '    func upload(_ data: Data, to url: URL) {',
    '        var request = URLRequest(url: url)',
    '        request.httpMethod = "POST"',
    '        session.uploadTask(with: request, from: data).resume()',
    '    }',
    '',
    '    func urlSession(_ session: URLSession, downloadTask: URLSessionDownloadTask, didFinishDownloadingTo location: URL) {',
    '        print("finished \\(location)")',
    '    }',
    '}',
    '',
  ];
  const body: string[] = [];
  for (let i = 0; head.length + body.length < lines; i++) {
    body.push(
      `final class FeatureViewModel${i} {`,
      `    private(set) var items: [String] = []`,
      `    private let title = "Feature ${i}"`,
      '',
      `    func load(count: Int) -> [String] {`,
      `        var result: [String] = []`,
      `        for index in 0..<count {`,
      `            let name = "\\(title) item \\(index)"`,
      `            if name.count > ${i % 17} {`,
      `                result.append(name)`,
      `            } else {`,
      `                result.append(name.uppercased())`,
      `            }`,
      `        }`,
      `        items = result`,
      `        return result`,
      `    }`,
      '',
      `    func summary() -> String {`,
      `        let total = items.reduce(0) { $0 + $1.count }`,
      `        return "\\(title): \\(items.count) items, \\(total) characters"`,
      `    }`,
      `}`,
      '',
    );
  }
  // Whole classes only (about `lines` lines): a file cut mid-class has a syntax error throughout.
  return [...head, ...body].join('\n') + '\n';
}

/**
 * Issue 9's dense file: an app delegate forwarding handleEvents to 125 classes that each own a
 * background session (configuration, delegate callbacks, the stored completion handler), about
 * 5,100 lines. Some classes carry findings (isDiscretionary, print in a delegate callback).
 */
export function synthesizeDenseSwift(classes = 125): string {
  const lines: string[] = ['import UIKit', '', 'final class AppDelegate: UIResponder, UIApplicationDelegate {',
    '    func application(_ application: UIApplication, handleEventsForBackgroundURLSession identifier: String, completionHandler: @escaping () -> Void) {',
    '        switch identifier {'];
  for (let i = 0; i < classes; i++) lines.push(`        case TransferClient${i}.identifier: TransferClient${i}.shared.handleEvents(completionHandler)`);
  lines.push('        default: completionHandler()', '        }', '    }', '}', '');
  for (let i = 0; i < classes; i++) {
    lines.push(
      `final class TransferClient${i}: NSObject, URLSessionDownloadDelegate {`,
      `    static let identifier = "com.example.app.transfers.${i}"`,
      `    static let shared = TransferClient${i}()`,
      `    private var backgroundCompletionHandler: (() -> Void)?`,
      '',
      '    private lazy var session: URLSession = {',
      `        let configuration = URLSessionConfiguration.background(withIdentifier: TransferClient${i}.identifier)`,
      '        configuration.sessionSendsLaunchEvents = true',
      `        configuration.isDiscretionary = ${i % 5 === 0 ? 'true' : 'false'}`,
      '        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)',
      '    }()',
      '',
      '    func handleEvents(_ completionHandler: @escaping () -> Void) {',
      '        backgroundCompletionHandler = completionHandler',
      '        _ = session',
      '    }',
      '',
      '    func download(_ url: URL) {',
      '        session.downloadTask(with: url).resume()',
      '    }',
      '',
      '    func urlSession(_ session: URLSession, downloadTask: URLSessionDownloadTask, didFinishDownloadingTo location: URL) {',
      '        let destination = FileManager.default.temporaryDirectory.appendingPathComponent(location.lastPathComponent)',
      '        try? FileManager.default.moveItem(at: location, to: destination)',
      '    }',
      '',
      '    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {',
      '        if let error = error {',
      `            ${i % 7 === 0 ? 'print' : 'NSLog'}("transfer failed: \\(error.localizedDescription)")`,
      '        }',
      '    }',
      '',
      '    func urlSessionDidFinishEvents(forBackgroundURLSession session: URLSession) {',
      '        DispatchQueue.main.async {',
      '            self.backgroundCompletionHandler?()',
      '            self.backgroundCompletionHandler = nil',
      '        }',
      '    }',
      '}',
      '',
    );
  }
  return lines.join('\n');
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const summarize = (values: number[]) => ({
  p50: round(percentile(values, 50)),
  p95: round(percentile(values, 95)),
  max: round(Math.max(...values)),
});

const round = (value: number) => Math.round(value * 100) / 100;

/** Resident set size of a process, in MB (Linux /proc, else ps). */
function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    if (kb) return round(kb / 1024);
  } catch {
    // Not Linux: ask ps.
  }
  return round(Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024);
}

/**
 * Types and deletes a space at lines spread through the open document (`firstLine` on), one edit
 * at a time, waiting for each edit's diagnostics; `pauseMs` between edits.
 */
async function typeInto(client: LspTestClient, uri: string, options: { edits: number; firstLine: number; pauseMs?: number; until?: () => boolean }) {
  const lineCount = client.text(uri).split('\n').length - 1;
  const roundTrips: number[] = [];
  const analyses: number[] = [];
  const updates: number[] = [];
  const lints: number[] = [];
  for (let i = 0; i < options.edits && !options.until?.(); i++) {
    // Each pair of edits types a space and deletes it again on the same line.
    const line = options.firstLine + ((Math.floor(i / 2) * 97) % (lineCount - options.firstLine - 1));
    const position = { line, character: 0 };
    const change =
      i % 2 === 0
        ? { range: { start: position, end: position }, text: ' ' }
        : { range: { start: position, end: { line, character: 1 } }, text: '' };
    const since = client.mark();
    const sent = performance.now();
    const version = await client.change(uri, [change]);
    const published = await client.waitFor(
      (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === version,
      `diagnostics v${version}`,
      since,
      30_000,
    );
    roundTrips.push(published.at - sent);
    const done = await client.waitForNotification('urlsessionLint/analysisDone', since, (p) => p.uri === uri && p.version === version);
    analyses.push(done.params.analysisMs);
    updates.push(done.params.updateMs);
    lints.push(done.params.lintMs);
    if (options.pauseMs) await pause(options.pauseMs);
  }
  return { roundTrips, analyses, updates, lints };
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

function indexedMessage(client: LspTestClient, since = 0, timeoutMs = 120_000) {
  return client.waitForNotification('window/logMessage', since, (p) => /indexed \d+ Swift files/.test(p.message), timeoutMs);
}

function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'urlsession-lint-lspbench-'));
}

/** The dense file: one-character edits inside its classes, in a folder of its own. */
export async function benchDense(edits = 200): Promise<EditFigures> {
  const dir = scratchDir();
  const client = LspTestClient.start();
  try {
    await client.initialize(dir);
    await indexedMessage(client);
    return await typingFigures(client, join(dir, 'Transfers.swift'), synthesizeDenseSwift(), { warmUp: 10, edits, firstLine: 140, timeoutMs: 30_000 });
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Opens `text` as the document at `path`, waits for its first diagnostics, types `warmUp` edits
 * (the first edits compile the paths the rest take), then measures `edits` more.
 */
async function typingFigures(
  client: LspTestClient,
  path: string,
  text: string,
  options: { warmUp: number; edits: number; firstLine: number; timeoutMs: number },
): Promise<EditFigures> {
  const uri = await client.open(path, text, 1);
  await client.diagnostics(uri, { version: 1, timeoutMs: options.timeoutMs });
  await typeInto(client, uri, { edits: options.warmUp, firstLine: options.firstLine });
  const measured = await typeInto(client, uri, { edits: options.edits, firstLine: options.firstLine });
  return {
    fileLines: text.split('\n').length,
    edits: options.edits,
    roundTripMs: summarize(measured.roundTrips),
    reanalysisMs: summarize(measured.analyses),
    updateMs: summarize(measured.updates),
    lintMs: summarize(measured.lints),
  };
}

/**
 * A real checkout opened in the editor: after its first index, one-character edits through one of
 * its files. The file is read from disk and never written: the edits exist only in the editor.
 */
export async function benchRealTyping(checkout: string, file: string, edits = 40): Promise<EditFigures> {
  const client = LspTestClient.start();
  try {
    await client.initialize(checkout);
    await indexedMessage(client, 0, 300_000);
    return await typingFigures(client, file, readFileSync(file, 'utf8'), { warmUp: 6, edits, firstLine: 0, timeoutMs: 60_000 });
  } finally {
    await client.stop();
  }
}

/** Hover, codeAction and a one-character edit's diagnostics, one after another, until `stop()`. */
async function requestRounds(client: LspTestClient, uri: string, stop: () => boolean) {
  const hovers: number[] = [];
  const actions: number[] = [];
  const diagnostics: number[] = [];
  const position = { line: 30, character: 60 };
  for (let i = 0; !stop(); i++) {
    let sent = performance.now();
    await client.hover(uri, position);
    hovers.push(performance.now() - sent);
    sent = performance.now();
    await client.codeActions(uri, { start: position, end: position }, { diagnostics: [] });
    actions.push(performance.now() - sent);
    diagnostics.push(...(await typeInto(client, uri, { edits: 1, firstLine: 20 + (i % 2) })).roundTrips);
    await pause(5);
  }
  return { hovers, actions, diagnostics };
}

/**
 * The first index of a 1,600-file app: a document is open from the start, and hover, codeAction
 * and a one-character edit go to the server one after another until it reports the index done.
 */
export async function benchFirstIndex(files = 1600, checkout?: string): Promise<FirstIndexFigures> {
  // A real checkout (`--tree DIR`) is read, never written: the probe document exists only in the editor.
  const dir = checkout ?? scratchDir();
  const tree = checkout ? { files: Number(execFileSync('sh', ['-c', 'find "$0" -name "*.swift" | wc -l', checkout], { encoding: 'utf8' })) } : synthesizeSwiftTree(dir, { files, seed: 1600 });
  const client = LspTestClient.start();
  try {
    await client.initialize(dir);
    const initialized = performance.now();
    const indexed = indexedMessage(client);
    const uri = await client.open(join(dir, 'Transfers.swift'), synthesizeDenseSwift(4), 1);
    // Requests start once the server is up (grammar loaded, first diagnostics out): indexing follows at once.
    await client.diagnostics(uri, { version: 1, timeoutMs: 30_000 });
    let done = false;
    void indexed.then(() => (done = true));
    const during = await requestRounds(client, uri, () => done);
    const message = (await indexed).params.message as string;
    // The same requests once indexing is over: what they cost without it.
    let rounds = 0;
    const idle = await requestRounds(client, uri, () => ++rounds > 10);
    const delay = (busy: number[], calm: number[]) => round(Math.max(...busy) - percentile(calm, 50));
    return {
      files: tree.files,
      indexMs: round((await indexed).at - initialized),
      serverIndexMs: Number(/in (\d+) ms/.exec(message)?.[1]),
      longestBlockMs: Number(/held at most (\d+) ms/.exec(message)?.[1]),
      requests: during.hovers.length + during.actions.length + during.diagnostics.length,
      hoverMs: summarize(during.hovers),
      codeActionMs: summarize(during.actions),
      diagnosticsMs: summarize(during.diagnostics),
      idleP50Ms: { hover: round(percentile(idle.hovers, 50)), codeAction: round(percentile(idle.actions, 50)), diagnostics: round(percentile(idle.diagnostics, 50)) },
      maxDelayMs: Math.max(delay(during.hovers, idle.hovers), delay(during.actions, idle.actions), delay(during.diagnostics, idle.diagnostics)),
    };
  } finally {
    await client.stop();
    if (!checkout) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A branch switch: every file of a 5,000-file tree changes on disk at once and the client reports
 * them in one didChangeWatchedFiles, while someone keeps typing in an open 5,000-line file.
 */
export async function benchStorm(files = 5000): Promise<StormFigures> {
  const dir = scratchDir();
  synthesizeSwiftTree(dir, { files, seed: 5000 });
  const paths = execFileSync('find', [dir, '-name', '*.swift'], { encoding: 'utf8' }).trim().split('\n');
  const client = LspTestClient.start();
  try {
    await client.initialize(dir);
    await indexedMessage(client);
    const uri = await client.open(join(dir, 'Typing.swift'), synthesizeSwift(5000), 1);
    await client.diagnostics(uri, { version: 1, timeoutMs: 30_000 });
    await typeInto(client, uri, { edits: 10, firstLine: 21 });
    const idle = await typeInto(client, uri, { edits: 30, firstLine: 21, pauseMs: 30 });
    // The other branch: every file has one more declaration.
    for (const path of paths) writeFileSync(path, `${readFileSync(path, 'utf8')}\nprivate let branchMarker = 2\n`);
    const since = client.mark();
    const sent = performance.now();
    await client.notify('workspace/didChangeWatchedFiles', { changes: paths.map((path) => ({ uri: pathToFileURL(path).href, type: 2 })) });
    const reindexed = client.waitForNotification('window/logMessage', since, (p) => /re-indexed \d+ changed files/.test(p.message), 120_000);
    let done = false;
    void reindexed.then(() => (done = true));
    const typed = await typeInto(client, uri, { edits: 100_000, firstLine: 21, pauseMs: 30, until: () => done });
    const reindexMs = round((await reindexed).at - sent);
    const longestBlockMs = Number(/held at most (\d+) ms/.exec((await reindexed).params.message)?.[1]);
    return { files: paths.length, changed: paths.length, reindexMs, longestBlockMs, keystrokes: typed.roundTrips.length, roundTripMs: summarize(typed.roundTrips), idleRoundTripMs: summarize(idle.roundTrips) };
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchLsp(options: { edits?: number; lines?: number } = {}): Promise<LspBenchResult> {
  const edits = options.edits ?? 200;
  const examples = join(repoRoot, 'examples');
  const started = performance.now();
  const client = LspTestClient.start();
  let result: Omit<LspBenchResult, 'dense' | 'firstIndex' | 'storm'>;
  try {
    await client.initialize(examples);
    const startToInitializeMs = round(performance.now() - started);
    // Start to first diagnostics: a small document opened as soon as the server answered.
    const firstUri = await client.open(join(examples, 'BenchFirst.swift'), 'import Foundation\nlet value = 1\n', 1);
    const first = await client.waitFor(
      (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === firstUri,
      'the first diagnostics',
      0,
      30_000,
    );
    const startToFirstDiagnosticsMs = round(first.at - started);

    const indexed = await indexedMessage(client, 0, 60_000);
    const indexedFiles = Number(/indexed (\d+)/.exec(indexed.params.message)?.[1]);
    const rssIndexed = rssMb(client.child.pid!);

    const text = synthesizeSwift(options.lines ?? 5000);
    const uri = await client.open(join(examples, 'BenchLarge.swift'), text, 1);
    await client.diagnostics(uri, { version: 1, timeoutMs: 30_000 });
    const measured = await typeInto(client, uri, { edits, firstLine: 21 });
    result = {
      fileLines: text.split('\n').length - 1,
      edits,
      startToFirstDiagnosticsMs,
      startToInitializeMs,
      roundTripMs: summarize(measured.roundTrips),
      reanalysisMs: summarize(measured.analyses),
      updateMs: summarize(measured.updates),
      lintMs: summarize(measured.lints),
      indexedFiles,
      rssMb: { examplesIndexed: rssIndexed, afterEdits: rssMb(client.child.pid!) },
      targets: lspTargets,
    };
  } finally {
    await client.stop();
  }
  return { ...result, dense: await benchDense(edits), firstIndex: await benchFirstIndex(), storm: await benchStorm() };
}

/** The figures that miss their target, as sentences. */
export function lspMisses(result: LspBenchResult): string[] {
  const t = lspTargets;
  return [
    result.reanalysisMs.p95 > t.reanalysisP95Ms && `re-analysis p95 ${result.reanalysisMs.p95} ms > ${t.reanalysisP95Ms}`,
    result.roundTripMs.p95 > t.roundTripP95Ms && `round trip p95 ${result.roundTripMs.p95} ms > ${t.roundTripP95Ms}`,
    result.startToFirstDiagnosticsMs > t.startMs && `start ${result.startToFirstDiagnosticsMs} ms > ${t.startMs}`,
    result.rssMb.examplesIndexed > t.rssMb && `RSS ${result.rssMb.examplesIndexed} MB > ${t.rssMb}`,
    result.dense.reanalysisMs.p95 > t.denseReanalysisP95Ms && `dense re-analysis p95 ${result.dense.reanalysisMs.p95} ms > ${t.denseReanalysisP95Ms}`,
    result.dense.roundTripMs.p95 > t.denseRoundTripP95Ms && `dense round trip p95 ${result.dense.roundTripMs.p95} ms > ${t.denseRoundTripP95Ms}`,
    result.firstIndex.indexMs > t.firstIndexMs && `first index ${result.firstIndex.indexMs} ms > ${t.firstIndexMs}`,
    result.firstIndex.maxDelayMs > t.requestDelayMaxMs && `a request during the first index was delayed ${result.firstIndex.maxDelayMs} ms > ${t.requestDelayMaxMs}`,
    result.storm.roundTripMs.p95 > t.stormRoundTripP95Ms && `storm round trip p95 ${result.storm.roundTripMs.p95} ms > ${t.stormRoundTripP95Ms}`,
  ].filter((miss): miss is string => typeof miss === 'string');
}

if (require.main === module) {
  // `--only dense|firstIndex|storm` runs one shape (while working on it); `--tree DIR` gives the
  // first index a real checkout instead of the synthesized app.
  const only = process.argv[process.argv.indexOf('--only') + 1];
  const checkout = process.argv.includes('--tree') ? process.argv[process.argv.indexOf('--tree') + 1] : undefined;
  const shapes: Record<string, () => Promise<unknown>> = { dense: () => benchDense(), firstIndex: () => benchFirstIndex(1600, checkout), storm: () => benchStorm() };
  const run = process.argv.includes('--only') ? shapes[only]() : benchLsp();
  run.then(
    (result) => {
      console.log(JSON.stringify(result, null, 2));
      if (!process.argv.includes('--only')) {
        const misses = lspMisses(result as LspBenchResult);
        if (misses.length > 0) console.log(`Over budget: ${misses.join('; ')}`);
      }
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
