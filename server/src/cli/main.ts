// The `urlsession-lint` command: walks the paths, hands the files to the engine, prints the
// findings in the chosen format, optionally applies safe fixes. All analysis is the engine's.
// Every input is checked before anything is written: bad input is exit 2, one line, no file.
import { lstatSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { version } from '../../../package.json';
import { ConfigError, findConfigFile, isPathExcluded, isPathIncluded, loadConfig, type LintConfig } from '../config/lintConfig';
import { closestMatch } from '../config/didYouMean';
import { ruleCatalog } from '../engine/engine';
import { lintBatch } from '../engine/batchLint';
import { buildKey } from '../engine/lintCache';
import { defaultCacheDir } from '../engine/cacheDir';
import { walkSwiftFilesResolved } from '../engine/fileWalker';
import { FolderListings, listingsFile } from '../engine/folderListings';
import { grammarFile } from '../parse/swiftParser';
import { useRunListings } from '../project/discover';
import type { Finding } from '../engine/findings';
import { projectRootFor } from '../engine/projectRoot';
import { helpText, parseCliArgs, UsageError, type CliArgs } from './args';
import { useBaselineWasmOnly } from './wasmTiers';
import { BaselineError, filterByBaseline, formatBaseline, readBaseline, sortEntries, toBaselineEntry } from './baseline';
import { applySafeFixes } from './fixWriter';
import { reporters } from './reporters';
import { severityOrder } from './reporters/report';
import { formatRuleList } from './ruleList';
import { scriptInputFiles } from './scriptInputs';
import { readSwiftSource } from '../engine/swiftSource';
import { SourceReader } from './sourceReader';
import { applyStrictness, onlyRulesSeverity } from './strictness';
import { ProgressLine, summaryLine } from './summary';

const programName = 'urlsession-lint';

/** Fix, re-lint, repeat: a fix can make room for another that collided with it. */
const maxFixPasses = 10;

/** Shown for standard input linted without --stdin-path. */
const stdinName = '<stdin>';

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

export interface RunEnvironment {
  env: Record<string, string | undefined>;
  /** Standard input's bytes, read only for --use-stdin. */
  readStdin(): Buffer;
  /** stderr is a terminal (for --progress). */
  stderrIsTTY: boolean;
}

const processEnvironment: RunEnvironment = {
  env: process.env,
  readStdin: () => readFileSync(0),
  stderrIsTTY: process.stderr.isTTY === true,
};

/** What to lint: `targets` (absolute) are reported on; `context` files are read for the project around them. */
interface Inputs {
  /** Roots to walk for files (relative as the user gave them). */
  roots: string[];
  /** Files to report on, absolute; undefined means every walked file. */
  targets?: string[];
  stdin?: { file: string; text: string; shown: string };
}

function usage(message: string): never {
  throw new UsageError(message);
}

function decodeStdin(bytes: Buffer): string {
  if (bytes.indexOf(0) !== -1) usage('standard input is binary (contains NUL bytes)');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    usage('standard input is not valid UTF-8');
  }
}

function resolveInputs(args: CliArgs, cwd: string, environment: RunEnvironment): Inputs {
  if (args.useStdin) {
    const text = decodeStdin(environment.readStdin());
    if (args.stdinPath === undefined) return { roots: [], targets: [resolve(cwd, 'stdin.swift')], stdin: { file: resolve(cwd, 'stdin.swift'), text, shown: stdinName } };
    const file = resolve(cwd, args.stdinPath);
    if (!file.endsWith('.swift')) usage(`--stdin-path must name a .swift file: ${args.stdinPath}`);
    const root = projectRootFor([dirname(file)]);
    return { roots: [relative(cwd, root) || '.'], targets: [file], stdin: { file, text, shown: args.stdinPath } };
  }
  for (const path of args.paths) {
    if (!lstatSync(resolve(cwd, path), { throwIfNoEntry: false })) usage(`no such file or folder: ${path}`);
  }
  if (args.useScriptInputFiles || args.useScriptInputFileLists) {
    const files = scriptInputFiles({ files: args.useScriptInputFiles, lists: args.useScriptInputFileLists }, environment.env, cwd);
    const swiftFiles = files.filter((file) => file.endsWith('.swift'));
    // The rest of the project is context: what the user named, else the project around the inputs.
    const roots = args.defaultPaths ? [relative(cwd, projectRootFor(swiftFiles.length > 0 ? swiftFiles : [cwd])) || '.'] : args.paths;
    return { roots, targets: swiftFiles };
  }
  return { roots: args.paths };
}

function loadRunConfig(args: CliArgs, inputs: Inputs, cwd: string, knownRuleIds: string[]): LintConfig {
  const start = inputs.stdin?.file ?? inputs.targets?.[0] ?? resolve(cwd, args.paths[0]);
  const configFile = args.config !== undefined ? resolve(cwd, args.config) : findConfigFile(inputs.stdin || inputs.targets?.length ? dirname(start) : configSearchStart(start));
  return loadConfig(configFile, { knownRuleIds, defaultBaseDir: cwd });
}

function checkOnlyRules(ids: string[], knownRuleIds: string[]): void {
  for (const id of ids) {
    if (knownRuleIds.includes(id)) continue;
    const suggestion = closestMatch(id, knownRuleIds);
    usage(`unknown rule '${id}' for --only-rule${suggestion ? ` (did you mean '${suggestion}'?)` : " (see 'urlsession-lint --rules')"}`);
  }
}

/** Refuses an output file whose folder does not exist, before anything is linted or written. */
function checkWritable(path: string | undefined, flag: string, cwd: string): void {
  if (path === undefined) return;
  const file = resolve(cwd, path);
  const folder = statSync(dirname(file), { throwIfNoEntry: false });
  if (!folder?.isDirectory()) usage(`${flag}: no such folder: ${dirname(path) || '.'}`);
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) usage(`${flag}: is a folder: ${path}`);
}

export async function run(argv: string[], cwd = process.cwd(), environment: RunEnvironment = processEnvironment): Promise<number> {
  const started = performance.now();
  try {
    return await lintRun(argv, cwd, environment, started);
  } catch (error) {
    if (error instanceof UsageError) {
      warn(`${programName}: ${error.message}`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof BaselineError) {
      warn(error instanceof BaselineError ? `${programName}: ${error.message}` : error.message);
      return 2;
    }
    throw error;
  } finally {
    // The listings were this run's view of the tree: a later run in this process reads it again.
    useRunListings(undefined);
  }
}

async function lintRun(argv: string[], cwd: string, environment: RunEnvironment, started: number): Promise<number> {
  const args = parseCliArgs(argv);
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
  const knownRuleIds = rules.map((rule) => rule.id);
  checkOnlyRules(args.onlyRules, knownRuleIds);

  const inputs = resolveInputs(args, cwd, environment);
  const config = loadRunConfig(args, inputs, cwd, knownRuleIds);
  const baselineFile = args.baseline !== undefined ? resolve(cwd, args.baseline) : config.baseline;
  const writeBaselineFile = args.writeBaseline !== undefined ? resolve(cwd, args.writeBaseline) : config.writeBaseline;
  const shownFile = (file: string) => (isAbsolute(relative(cwd, file)) || relative(cwd, file).startsWith('..') ? file : relative(cwd, file));
  const baseline = baselineFile !== undefined ? readBaseline(baselineFile, shownFile(baselineFile)) : undefined;
  checkWritable(args.output, '--output', cwd);
  checkWritable(writeBaselineFile && shownFile(writeBaselineFile), args.writeBaseline !== undefined ? '--write-baseline' : 'write_baseline', cwd);

  const reportSkip = (path: string, message: string) => warn(`${programName}: skipped ${path}: ${message}`);
  // --fix must read every file (it checks that a file did not change before writing it), and
  // standard input or Xcode's input files change what is read: no cache for those runs.
  const cacheDir = args.noCache || args.fix || inputs.stdin || inputs.targets ? undefined : args.cachePath !== undefined ? resolve(cwd, args.cachePath) : defaultCacheDir();
  // Paths are resolved against `cwd`; relative roots give relative paths, which we show as such.
  const roots = inputs.roots.map((path) => (isAbsolute(path) ? path : relative(cwd, resolve(cwd, path)) || '.'));
  // One reading of each folder for the walk and the project discovery, kept between runs with the cache.
  const listings = new FolderListings(cacheDir !== undefined ? { file: listingsFile(cacheDir, roots.map((root) => resolve(cwd, root))), build: buildKey(grammarFile()) } : undefined);
  useRunListings(listings);
  const walked = walkSwiftFilesResolved(roots, { config, onProblem: inputs.targets ? () => {} : reportSkip, listings });
  // The walker resolves against the process's folder, the same as `cwd` when roots are relative.
  const shownPaths = new Map(walked.files.map((path, index) => [isAbsolute(path) || cwd === process.cwd() ? walked.absolute[index] : resolve(cwd, path), path]));
  if (inputs.stdin) shownPaths.set(inputs.stdin.file, inputs.stdin.shown);
  const showRelative = inputs.roots.every((path) => !isAbsolute(path));
  // Xcode's issue navigator needs absolute paths: a build phase runs in a folder of Xcode's choosing.
  const scriptInputs = args.useScriptInputFiles || args.useScriptInputFileLists;
  const displayPath = (file: string): string => {
    if (scriptInputs) return file;
    const shown = shownPaths.get(file);
    if (shown !== undefined) return shown;
    const rel = relative(cwd, file);
    return showRelative && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  };

  // Script inputs follow the config's excluded/included (Xcode lists whole targets); stdin is named.
  const targets = inputs.stdin
    ? inputs.targets
    : inputs.targets?.filter((file) => !isPathExcluded(config, file) && isPathIncluded(config, file));
  const targetSet = targets ? new Set(targets) : undefined;
  const files = [...new Set([...shownPaths.keys(), ...(targets ?? [])])];
  const severity = args.onlyRules.length > 0 ? onlyRulesSeverity(knownRuleIds, args.onlyRules, config.severity) : config.severity;
  const engineOptions = { ruleSeverity: severity, ruleOptions: config.ruleOptions };
  const progress = args.progress && environment.stderrIsTTY && args.format === 'xcode' ? new ProgressLine(process.stderr, files.length) : undefined;
  let filesRead = 0;
  const linted = new Set<string>();
  const reader = new SourceReader({ displayPath, onProblem: reportSkip, rememberContents: args.fix });
  const read = (file: string): string | undefined => {
    progress?.update(++filesRead);
    if (inputs.stdin && file === inputs.stdin.file) {
      linted.add(file);
      return inputs.stdin.text;
    }
    // A context file that cannot be read is skipped silently: only the targets are the user's concern.
    if (targetSet && !targetSet.has(file)) {
      const result = readSwiftSource(file);
      return 'problem' in result ? undefined : result.text;
    }
    const text = reader.read(file);
    if (text !== undefined) linted.add(file);
    return text;
  };
  // Worker threads may read the files themselves, except where reading means more than
  // readSwiftSource: standard input, context files outside the targets, --fix's record of contents.
  const readElsewhere =
    inputs.stdin || targetSet || args.fix
      ? undefined
      : (file: string, problem: string | undefined) => {
          progress?.update(++filesRead);
          reader.readElsewhere(file, problem);
          if (problem === undefined) linted.add(file);
        };
  const cache = cacheDir !== undefined ? { dir: cacheDir } : undefined;
  const lint = async () => {
    const result = await lintBatch(engineOptions, files, read, cache, readElsewhere);
    return { ...result, findings: targetSet ? result.findings.filter((finding) => targetSet.has(finding.file)) : result.findings };
  };
  const first = await lint();
  listings.save();
  progress?.clear();
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
      findings = (await lint()).findings;
    }
    if (fixes > 0) {
      warn(`${programName}: applied ${fixes} fix${fixes === 1 ? '' : 'es'} in ${changed.size} file${changed.size === 1 ? '' : 's'}`);
    }
  }

  findings = applyStrictness(findings, args);
  let shownFindings = findings;
  let inBaseline = 0;
  // The text of a line, for baselines and fingerprints: read again only for files with findings.
  const fileLines = new Map<string, string[]>();
  const lineText = (file: string, line: number): string => {
    let lines = fileLines.get(file);
    if (!lines) {
      const result = inputs.stdin?.file === file ? { text: inputs.stdin.text } : readSwiftSource(file);
      lines = 'problem' in result ? [] : result.text.split(/\r\n|\r|\n/);
      fileLines.set(file, lines);
    }
    return lines[line] ?? '';
  };
  if (baseline || writeBaselineFile) {
    const projectRoot = projectRootFor(files.length > 0 ? files : [cwd]);
    const entries = findings.map((finding) => toBaselineEntry(finding, projectRoot, lineText));
    if (baseline) {
      shownFindings = filterByBaseline(findings, entries, baseline);
      inBaseline = findings.length - shownFindings.length;
    }
    if (writeBaselineFile) writeOrFail(writeBaselineFile, formatBaseline(sortEntries(entries)), '--write-baseline');
  }

  const hasErrors = shownFindings.some((finding) => finding.severity === 'error');
  const shown = (args.quiet ? shownFindings.filter((finding) => finding.severity === 'error') : shownFindings)
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
  const report = reporters[args.format](shown, { displayPath, rules, version, cwd, lineText });
  if (args.output !== undefined) writeOrFail(resolve(cwd, args.output), report, '--output');
  else process.stdout.write(report);
  if (args.format === 'xcode' && !args.quiet) {
    warn(summaryLine(shown, linted.size, performance.now() - started, inBaseline));
  }
  return hasErrors ? 1 : 0;
}

function writeOrFail(file: string, text: string, flag: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    usage(`${flag}: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** Exits once stdout and stderr are flushed (pipes are asynchronous on macOS). */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

/**
 * Runs the command with this process's arguments and exits. The installed command starts here
 * through cli/launcher.ts (from V8's code cache); `node dist/cli-main.js` starts here directly.
 */
export function runFromCommandLine(): void {
  // The launcher has set it already (before compiling this bundle); setting it again changes nothing.
  useBaselineWasmOnly();
  run(process.argv.slice(2)).then(exitWhenFlushed, (error: unknown) => {
    warn(`${programName}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    exitWhenFlushed(2);
  });
}

// A worker thread loads this bundle too (engine/projectWorker.ts): it must not run the CLI.
if (require.main === module && isMainThread) runFromCommandLine();
