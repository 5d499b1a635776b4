#!/usr/bin/env node
// The `urlsession-lint` command: walks the paths, hands the files to the engine, prints the
// findings in the chosen format, optionally applies safe fixes. All analysis is the engine's.
import { lstatSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { version } from '../../../package.json';
import { ConfigError, findConfigFile, loadConfig, type LintConfig } from '../config/lintConfig';
import { ruleCatalog } from '../engine/engine';
import { lintBatch } from '../engine/batchLint';
import { defaultCacheDir } from '../engine/lintCache';
import { walkSwiftFiles } from '../engine/fileWalker';
import type { Finding } from '../engine/findings';
import { helpText, parseCliArgs, UsageError, type CliArgs } from './args';
import { applySafeFixes } from './fixWriter';
import { reporters } from './reporters';
import { severityOrder } from './reporters/report';
import { formatRuleList } from './ruleList';
import { SourceReader } from './sourceReader';

const programName = 'urlsession-lint';

/** Fix, re-lint, repeat: a fix can make room for another that collided with it. */
const maxFixPasses = 10;

function warn(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The folder to look for a config file from: the first path, or its folder when it is not a folder itself. */
function configSearchStart(path: string): string {
  try {
    if (statSync(path).isDirectory()) return path;
  } catch {
    // A symlink loop or unreadable path: the walker reports it; the config is looked up beside it.
  }
  return dirname(path);
}

export async function run(argv: string[], cwd = process.cwd()): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    warn(`${programName}: ${error.message}`);
    warn(`Run '${programName} --help' for usage.`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(helpText);
    return 0;
  }
  if (args.version) {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const rules = ruleCatalog();
  if (args.listRules) {
    process.stdout.write(formatRuleList(rules, args.format));
    return 0;
  }

  for (const path of args.paths) {
    if (!lstatSync(resolve(cwd, path), { throwIfNoEntry: false })) {
      warn(`${programName}: no such file or folder: ${path}`);
      return 2;
    }
  }

  let config: LintConfig;
  try {
    const configFile = args.config !== undefined ? resolve(cwd, args.config) : findConfigFile(configSearchStart(resolve(cwd, args.paths[0])));
    config = loadConfig(configFile, { knownRuleIds: rules.map((rule) => rule.id), defaultBaseDir: cwd });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    warn(error.message);
    return 2;
  }

  const reportSkip = (path: string, message: string) => warn(`${programName}: skipped ${path}: ${message}`);
  // Paths are resolved against `cwd`; relative roots give relative paths, which we show as such.
  const walked = walkSwiftFiles(
    args.paths.map((path) => (isAbsolute(path) ? path : relative(cwd, resolve(cwd, path)) || '.')),
    { config, onProblem: reportSkip },
  );
  const shownPaths = new Map(walked.map((path) => [resolve(cwd, path), path]));
  const showRelative = args.paths.every((path) => !isAbsolute(path));
  const displayPath = (file: string): string => {
    const shown = shownPaths.get(file);
    if (shown !== undefined) return shown;
    const rel = relative(cwd, file);
    return showRelative && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  };

  const engineOptions = { ruleSeverity: config.severity, ruleOptions: config.ruleOptions };
  const reader = new SourceReader({ displayPath, onProblem: reportSkip, rememberContents: args.fix });
  const files = [...shownPaths.keys()];
  // --fix must read every file (it checks that a file did not change before writing it): no cache.
  const cache = args.noCache || args.fix ? undefined : { dir: args.cachePath !== undefined ? resolve(cwd, args.cachePath) : defaultCacheDir() };
  const first = await lintBatch(engineOptions, files, reader.read, cache);
  let findings = first.findings;
  // A project file we could not read means linting without its targets: say so, once per file.
  for (const problem of first.projectProblems) {
    if (!reader.hasFailed(problem.file)) warn(`${programName}: ${displayPath(problem.file)}: ${problem.message.split(/\r?\n/)[0].trim()}`);
  }

  if (args.fix) {
    let fixes = 0;
    const changed = new Set<string>();
    for (let pass = 0; pass < maxFixPasses; pass++) {
      const result = applySafeFixes(findings, {
        isUnchanged: (file, bytes) => reader.isUnchanged(file, bytes),
        onProblem: (file, message) => warn(`${programName}: ${displayPath(file)}: ${message}`),
      });
      if (result.fixesApplied === 0) break;
      fixes += result.fixesApplied;
      result.filesChanged.forEach((file) => changed.add(file));
      findings = (await lintBatch(engineOptions, files, reader.read, cache)).findings;
    }
    if (fixes > 0) {
      warn(`${programName}: applied ${fixes} fix${fixes === 1 ? '' : 'es'} in ${changed.size} file${changed.size === 1 ? '' : 's'}`);
    }
  }

  const hasErrors = findings.some((finding) => finding.severity === 'error');
  const shown = (args.quiet ? findings.filter((finding) => finding.severity === 'error') : findings)
    .map((finding) => ({ finding, path: displayPath(finding.file) }))
    .sort(
      (a, b) =>
        (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
        a.finding.range.start.line - b.finding.range.start.line ||
        a.finding.range.start.character - b.finding.range.start.character ||
        severityOrder[a.finding.severity] - severityOrder[b.finding.severity] ||
        (a.finding.rule < b.finding.rule ? -1 : a.finding.rule > b.finding.rule ? 1 : 0),
    )
    .map(({ finding }): Finding => finding);
  process.stdout.write(reporters[args.format](shown, { displayPath, rules, version, cwd }));
  return hasErrors ? 1 : 0;
}

/** Exits once stdout and stderr are flushed (pipes are asynchronous on macOS). */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

if (require.main === module) {
  // Measured here: optimising the grammar's huge lexer function with TurboFan costs seconds of
  // CPU (and delays exit until done), more than a one-shot run ever wins back; Liftoff's baseline
  // code parses 4.8 MB in 1.6-3 s against 6-9 s with tier-up on this 2-core machine.
  setFlagsFromString('--liftoff-only');
  run(process.argv.slice(2)).then(exitWhenFlushed, (error: unknown) => {
    warn(`${programName}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    exitWhenFlushed(2);
  });
}
