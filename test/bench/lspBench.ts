// Language server speed, measured over real LSP on the built server (dist/server.js): start to
// first diagnostics, the round trip from a one-character didChange to its publishDiagnostics on a
// 5,000-line file, the server's own re-analysis time (from its analysisDone notification), and the
// server's memory with the examples workspace indexed.
// Run: npm run build && node --import tsx test/bench/lspBench.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { LspTestClient, repoRoot } from '../lsp/lspTestClient';

export interface LspBenchResult {
  fileLines: number;
  edits: number;
  startToFirstDiagnosticsMs: number;
  /** The part of it until the server answered `initialize` (process start, bundle load). */
  startToInitializeMs: number;
  roundTripMs: { p50: number; p95: number; max: number };
  reanalysisMs: { p50: number; p95: number; max: number };
  /** The parts of reanalysisMs: handing the text to the engine, and running the rules. */
  updateMs: { p50: number; p95: number; max: number };
  lintMs: { p50: number; p95: number; max: number };
  indexedFiles: number;
  rssMb: { examplesIndexed: number; afterEdits: number };
  targets: { reanalysisP95Ms: number; roundTripP95Ms: number; startMs: number; rssMb: number };
}

export const lspTargets = { reanalysisP95Ms: 20, roundTripP95Ms: 50, startMs: 300, rssMb: 200 };

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

export async function benchLsp(options: { edits?: number; lines?: number } = {}): Promise<LspBenchResult> {
  const edits = options.edits ?? 200;
  const examples = join(repoRoot, 'examples');
  const started = performance.now();
  const client = LspTestClient.start();
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

    const indexed = await client.waitForNotification('window/logMessage', 0, (p) => /indexed \d+ Swift files/.test(p.message), 60_000);
    const indexedFiles = Number(/indexed (\d+)/.exec(indexed.params.message)?.[1]);
    const rssIndexed = rssMb(client.child.pid!);

    const text = synthesizeSwift(options.lines ?? 5000);
    const uri = await client.open(join(examples, 'BenchLarge.swift'), text, 1);
    await client.diagnostics(uri, { version: 1, timeoutMs: 30_000 });

    // Type and delete a character at places spread through the file, one edit at a time.
    const lineCount = text.split('\n').length - 1;
    const roundTrips: number[] = [];
    const analyses: number[] = [];
    const updates: number[] = [];
    const lints: number[] = [];
    for (let i = 0; i < edits; i++) {
      // Each pair of edits types a space and deletes it again on the same line.
      const line = 21 + ((Math.floor(i / 2) * 97) % (lineCount - 22));
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
    }
    return {
      fileLines: lineCount,
      edits,
      startToFirstDiagnosticsMs,
      startToInitializeMs,
      roundTripMs: summarize(roundTrips),
      reanalysisMs: summarize(analyses),
      updateMs: summarize(updates),
      lintMs: summarize(lints),
      indexedFiles,
      rssMb: { examplesIndexed: rssIndexed, afterEdits: rssMb(client.child.pid!) },
      targets: lspTargets,
    };
  } finally {
    await client.stop();
  }
}

if (require.main === module) {
  benchLsp().then(
    (result) => {
      console.log(JSON.stringify(result, null, 2));
      const misses = [
        result.reanalysisMs.p95 > lspTargets.reanalysisP95Ms && `re-analysis p95 ${result.reanalysisMs.p95} ms > ${lspTargets.reanalysisP95Ms}`,
        result.roundTripMs.p95 > lspTargets.roundTripP95Ms && `round trip p95 ${result.roundTripMs.p95} ms > ${lspTargets.roundTripP95Ms}`,
        result.startToFirstDiagnosticsMs > lspTargets.startMs && `start ${result.startToFirstDiagnosticsMs} ms > ${lspTargets.startMs}`,
        result.rssMb.examplesIndexed > lspTargets.rssMb && `RSS ${result.rssMb.examplesIndexed} MB > ${lspTargets.rssMb}`,
      ].filter(Boolean);
      if (misses.length > 0) console.log(`Over budget: ${misses.join('; ')}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
