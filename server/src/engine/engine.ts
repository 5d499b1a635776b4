// The one entry point both adapters (CLI, language server) use: files in, findings out.
import { invalidSuppressionRule, parseSuppressions } from '../config/suppressions';
import { ChunkCache } from '../facts/chunkCache';
import { extractFacts } from '../facts/extractFacts';
import type { FileFacts, Span } from '../facts/facts';
import { loadSwiftParser, parseSwift, type ParsedSwift } from '../parse/swiftParser';
import { loadProjectModel, type ProjectModel } from '../project/projectModel';
import type { Discovered } from '../project/discover';
import { rules } from '../rules/registry';
import type { FixProposal, RuleContext, RuleMeta } from '../rules/ruleTypes';
import { bundleIdentifierFixes } from '../fixes/bundleIdentifier';
import { setAppGroupFixes } from '../fixes/appGroup';
import { configsWithSharedContainer } from '../rules/sharedContainers';
import { isExtension, processTargetsOf } from '../rules/targets';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import type { Finding, Fix, SourceRange, TextEdit } from './findings';
import { LineIndex } from '../parse/lineIndex';
import { extensionPrincipalTypes, mightMatter, startsAnalysis } from './prefilter';
import { projectRootFor, projectScopes } from './projectRoot';
import { NameMatcher, namesLeadingToSessions, type NameNeed } from './sessionNames';
import { FactsWorker } from './factsWorker';
import { timed } from './fileTimings';
import type { Parser, Tree } from 'web-tree-sitter';

export interface EngineOptions {
  /** Rule id → severity override or 'off' (from .urlsession-lint.yml and editor settings). */
  ruleSeverity?: Record<string, 'error' | 'warning' | 'info' | 'off'>;
  /** Rule options from the config file, e.g. short_resource_timeout_seconds. */
  ruleOptions?: Record<string, unknown>;
}

export interface RefactoringAction {
  title: string;
  /** LSP code action kind: 'refactor.rewrite' or 'refactor'. */
  kind: string;
  edits: TextEdit[];
}

/**
 * Rounds of the second pass: each parses what the files found so far lead to (a wrapper type, then
 * its constants file, then a unit helper they use). It stops earlier when a round finds no new name.
 */
const maxFollowRounds = 4;

/** Files larger than this are not parsed (a generated file, not code someone wrote). */
export const maxFileBytes = 5 * 1024 * 1024;

const extensionPrincipals = new Set(extensionPrincipalTypes);

interface SetFileOptions {
  /** Keep the syntax tree (an open document). */
  keepTree?: boolean;
  /** Parse even when the keyword pre-filter says the file cannot matter. */
  force?: boolean;
  /** A batch run: the tree is kept only until the file is linted. */
  batch?: boolean;
  /** Record the file without parsing it (the batch second pass decided it cannot matter). */
  unparsed?: boolean;
}

class IndexedFile {
  private lineIndex: LineIndex | undefined;

  constructor(
    readonly text: string,
    /** Kept for open documents (incremental re-parse, hovers); released for the rest. */
    public parsed?: ParsedSwift,
    public facts?: FileFacts,
    readonly chunks?: ChunkCache,
  ) {}

  /** Built on first use: most indexed files are never shown a position. */
  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex;
  }
}

export class Engine {
  private readonly files = new Map<string, IndexedFile>();
  private readonly workspace = new WorkspaceIndex();
  private project: ProjectModel | undefined;
  /** The names the last second pass followed, by project scope (the lint cache keeps them). */
  readonly followedNames = new Map<string, NameNeed[]>();

  private constructor(
    private readonly parser: Parser,
    private options: EngineOptions,
  ) {}

  /** Loads the Swift grammar; await once at start-up. */
  static async create(options: EngineOptions = {}): Promise<Engine> {
    return new Engine(await loadSwiftParser(), options);
  }

  setOptions(options: EngineOptions): void {
    this.options = options;
  }

  setProject(model: ProjectModel | undefined): void {
    this.project = model;
  }

  get projectModel(): ProjectModel | undefined {
    return this.project;
  }

  /**
   * Reads the project around `rootDir` (targets, extensions, app groups), telling it the indexed
   * Swift files and which of them declare an app-extension principal class, and uses it.
   */
  loadProject(rootDir: string, swiftFiles: string[] = [...this.files.keys()], discovered?: Discovered): ProjectModel {
    const model = loadProjectModel(rootDir, {
      swiftFiles,
      extensionPrincipalFiles: this.extensionPrincipalFiles(),
      discovered,
    });
    this.project = model;
    return model;
  }

  /** Indexed files that declare a class conforming to an app-extension principal type. */
  extensionPrincipalFiles(): string[] {
    const files: string[] = [];
    for (const facts of this.workspace.allFacts()) {
      // An `open`/`public` subclass is an SDK's base class for extensions, not an extension itself.
      const principal = facts.types.some((type) => !type.isPublic && type.inherits.some((parent) => extensionPrincipals.has(parent)));
      if (principal) files.push(facts.file);
    }
    return files;
  }

  /**
   * Adds or replaces a file in the workspace index. `keepTree` keeps the syntax tree for
   * incremental re-parsing (open editor documents); other files are reduced to facts, and
   * files that mention nothing the rules care about are not parsed at all.
   */
  setFile(path: string, text: string, options: SetFileOptions = {}): void {
    timed(path, () => this.indexFile(path, text, options));
  }

  private indexFile(path: string, text: string, options: SetFileOptions): void {
    const previous = this.files.get(path);
    if (options.unparsed) {
      // Only facts are ever read back from an unparsed file: its text need not stay in memory.
      this.releaseEntryTree(previous);
      this.files.set(path, new IndexedFile(''));
      this.workspace.remove(path);
      return;
    }
    if (text.length > maxFileBytes || (!options.keepTree && !options.force && !mightMatter(text))) {
      this.releaseEntryTree(previous);
      this.files.set(path, new IndexedFile(text));
      this.workspace.remove(path);
      return;
    }
    const parsed = parseSwift(this.parser, text, previous?.parsed);
    // Open documents keep a chunk cache: a keystroke re-extracts only the declaration it touched.
    // A batch run keeps trees only until its rules ran: no cache to fill.
    const chunks = options.keepTree && !options.batch ? (previous?.chunks ?? new ChunkCache()) : undefined;
    let facts: FileFacts | string;
    try {
      facts = extractFacts(path, parsed.tree.rootNode, chunks, parsed.change);
    } catch (error) {
      facts = (error as Error).message;
    }
    this.adoptFacts(path, text, facts, parsed, chunks);
    if (!options.keepTree) this.releaseEntryTree(this.files.get(path));
  }

  /**
   * Records a file's facts (or why they could not be had), made here or on a worker thread, with
   * the tree they came from, if it is kept.
   */
  private adoptFacts(path: string, text: string, facts: FileFacts | string, parsed?: ParsedSwift, chunks?: ChunkCache): void {
    // A bug of ours must not cost the rest of the workspace: the file is known, but unanalysed.
    if (typeof facts === 'string') console.error(`urlsession-lint: could not analyse ${path}: ${facts}`);
    else if (facts.tooDeep) console.error(`urlsession-lint: skipped ${path}: nested too deeply to analyse (generated code?)`);
    if (typeof facts === 'string' || facts.tooDeep) {
      parsed?.tree.delete();
      this.files.set(path, new IndexedFile(text));
      this.workspace.remove(path);
      return;
    }
    this.files.set(path, new IndexedFile(text, parsed, facts, chunks));
    this.workspace.set(facts);
  }

  /**
   * Indexes `batch` (path, text) in order, the parsing and extraction on the facts worker while
   * it lives; pauses between files once a slice is used up.
   */
  private async indexOnWorker(batch: [string, string][], worker: FactsWorker, slice: () => Promise<void>): Promise<void> {
    // All are sent at once (the worker never waits on this thread), adopted in order.
    const replies = batch.map(([path, text]) => worker.facts(path, text));
    for (const [index, [path, text]] of batch.entries()) {
      const reply = await replies[index];
      if (!reply) {
        this.setFile(path, text, { force: true });
      } else {
        this.releaseEntryTree(this.files.get(path));
        this.adoptFacts(path, text, 'facts' in reply ? reply.facts : reply.error);
      }
      await slice();
    }
  }

  removeFile(path: string): void {
    this.releaseEntryTree(this.files.get(path));
    this.files.delete(path);
    this.workspace.remove(path);
  }

  hasFile(path: string): boolean {
    return this.files.has(path);
  }

  /** The live syntax tree of a file set with keepTree (for hovers), if any. */
  syntaxTree(path: string): Tree | undefined {
    return this.files.get(path)?.parsed?.tree;
  }

  /**
   * Indexes many files (e.g. a workspace at start-up) without linting them. Files that pass the
   * keyword pre-filter are parsed first; then the files that mention a name leading to a session
   * (`DownloadService.shared.session…` elsewhere). `onProgress` reports (done, total).
   */
  indexFiles(
    paths: string[],
    read: (path: string) => string | undefined,
    onProgress?: (done: number, total: number) => void,
    keepTrees = false,
  ): string[] {
    const rest = new Map<string, string>();
    const firstPass: string[] = [];
    paths.forEach((path, i) => {
      const text = read(path);
      if (text !== undefined && startsAnalysis(text)) {
        this.setFile(path, text, { force: true, keepTree: keepTrees, batch: keepTrees });
        firstPass.push(path);
      } else if (text !== undefined) {
        rest.set(path, text);
      }
      onProgress?.(i + 1, paths.length);
    });
    return [...firstPass, ...this.indexSecondPass(rest, keepTrees)];
  }

  /**
   * indexFiles for a server that must keep answering: it works in slices of about `sliceMs`,
   * yielding to the event loop between them, so progress reports and requests get through while a
   * large workspace is indexed. With a facts worker (useFactsWorker), parsing and extraction run
   * there: a large file's parse then never holds this thread.
   */
  async indexFilesGradually(
    paths: string[],
    read: (path: string) => string | undefined,
    onProgress?: (done: number, total: number) => void,
    sliceMs = 20,
    /** Lets other work run between slices (the server waits there while requests are pending). */
    pause: () => Promise<void> = () => new Promise((resume) => setImmediate(resume)),
  ): Promise<string[]> {
    const rest = new Map<string, string>();
    const firstPass: [string, string][] = [];
    // Progress: files read, and for those the first pass takes, indexed.
    let done = 0;
    let sliceStart = performance.now();
    const slice = async () => {
      if (performance.now() - sliceStart <= sliceMs) return;
      onProgress?.(done, paths.length);
      await pause();
      sliceStart = performance.now();
    };
    const worker = this.liveFactsWorker();
    const index = async (batch: [string, string][], afterEach: () => Promise<void>) => {
      if (worker) return this.indexOnWorker(batch, worker, afterEach);
      for (const [path, text] of batch) {
        this.setFile(path, text, { force: true });
        await afterEach();
      }
    };
    for (const path of paths) {
      const text = read(path);
      if (text !== undefined && startsAnalysis(text)) {
        firstPass.push([path, text]);
      } else {
        if (text !== undefined) rest.set(path, text);
        done++;
      }
      await slice();
    }
    await index(firstPass, async () => {
      done++;
      await slice();
    });
    const steps = this.secondPassSteps(rest);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) {
        onProgress?.(paths.length, paths.length);
        return [...firstPass.map(([path]) => path), ...step.value];
      }
      if (step.value) await index(step.value, slice);
      else await slice();
    }
  }

  private factsWorker: FactsWorker | undefined;

  /**
   * Parse language-server indexing on a worker thread (started on first use; a worker that died is
   * not restarted: its files are analysed here).
   */
  useFactsWorker(): void {
    this.factsWorker ??= FactsWorker.start();
  }

  private liveFactsWorker(): FactsWorker | undefined {
    return this.factsWorker?.isAlive ? this.factsWorker : undefined;
  }

  /** Stops the facts worker, if any (a server shutting down, a test ending). */
  async dispose(): Promise<void> {
    await this.factsWorker?.close();
    this.factsWorker = undefined;
  }

  /**
   * The files that did not pass the pre-filter (`rest`, by path) but mention a name leading to a
   * background session (or its identifier) in their own project matter too: those are parsed;
   * further rounds catch what the last one newly found (a constants file, a wrapper type). The
   * others are recorded unparsed.
   */
  indexSecondPass(rest: Map<string, string>, keepTrees = false): string[] {
    const steps = this.secondPassSteps(rest);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      for (const [path, text] of step.value ?? []) this.setFile(path, text, { force: true, keepTree: keepTrees, batch: keepTrees });
    }
  }

  /**
   * indexSecondPass as steps: it yields after each file it looks at (a chance to pause), and
   * yields each round's files to index, which the caller indexes before it asks for the next step.
   */
  private *secondPassSteps(rest: Map<string, string>): Generator<[string, string][] | undefined, string[]> {
    const texts = new Map(rest);
    const parsed: string[] = [];
    const scopeOf = projectScopes([...this.files.keys(), ...texts.keys()]);
    const followed = new Set<string>();
    this.followedNames.clear();
    for (let round = 0; round < maxFollowRounds && texts.size > 0; round++) {
      // All facts each round: a name can start to lead to a session once its constants file is parsed.
      const needs = new Map<string, NameNeed[]>();
      for (const facts of this.workspace.allFacts()) {
        const scope = scopeOf(facts.file);
        for (const need of namesLeadingToSessions(facts, this.workspace)) {
          const key = `${scope}\0${need.name}\0${need.owners?.join(',') ?? ''}`;
          if (followed.has(key)) continue;
          followed.add(key);
          if (!needs.has(scope)) needs.set(scope, []);
          needs.get(scope)!.push(need);
          if (!this.followedNames.has(scope)) this.followedNames.set(scope, []);
          this.followedNames.get(scope)!.push(need);
        }
        yield;
      }
      if (needs.size === 0) break;
      const matchers = new Map([...needs].map(([scope, list]) => [scope, new NameMatcher(list)]));
      // A pause after every file, parsed or not: matching thousands of texts takes a while too.
      // The round's names are fixed: its files are indexed together, before the next round.
      const matched: [string, string][] = [];
      for (const [path, text] of texts) {
        yield undefined;
        if (!matchers.get(scopeOf(path))?.matches(text)) continue;
        matched.push([path, text]);
        parsed.push(path);
        texts.delete(path);
      }
      if (matched.length > 0) yield matched;
    }
    // Background first: what neither starts the analysis nor mentions a followed name stays unparsed.
    for (const [path, text] of texts) {
      this.setFile(path, text, { unparsed: true });
      yield undefined;
    }
    return parsed;
  }

  /** The facts of an indexed file (undefined when it was not parsed). */
  factsOf(path: string): FileFacts | undefined {
    return this.files.get(path)?.facts;
  }

  /**
   * Batch mode for the CLI: index every file, read the project around them (unless one was
   * set; `discovered` is what discovering the project root finds, when the caller has it), then
   * lint the files that were parsed.
   */
  lintFiles(paths: string[], read: (path: string) => string | undefined, discovered?: Discovered): Finding[] {
    // Trees are kept from indexing to linting (one parse per file), then released file by file.
    const parsed = this.indexFiles(paths, read, undefined, true);
    if (!this.project && paths.length > 0) this.loadProject(projectRootFor(paths), undefined, discovered);
    return parsed.flatMap((path) => {
      const findings = this.lint(path);
      this.releaseEntryTree(this.files.get(path));
      return findings;
    });
  }

  /** Findings for one indexed file (runs the rules, using facts of every indexed file). */
  lint(path: string): Finding[] {
    const entry = this.files.get(path);
    if (!entry?.facts) return [];
    // A file indexed without its tree (not open) is parsed again only if a rule asks for the tree.
    let reparsed: ParsedSwift | undefined;
    const tree = () => entry.parsed ?? (reparsed ??= parseSwift(this.parser, entry.text));
    try {
      return timed(path, () => this.runRules(path, entry, tree));
    } catch (error) {
      console.error(`urlsession-lint: could not lint ${path}: ${(error as Error).message}`);
      return [];
    } finally {
      reparsed?.tree.delete();
    }
  }

  private runRules(path: string, entry: IndexedFile, tree: () => ParsedSwift): Finding[] {
    const findings: Finding[] = [];
    const enabled: string[] = [];
    for (const rule of rules) {
      const level = this.options.ruleSeverity?.[rule.meta.id] ?? rule.meta.severity;
      if (level === 'off') continue;
      enabled.push(rule.meta.id);
      const context: RuleContext = {
        file: path,
        text: entry.text,
        get parsed() {
          return tree();
        },
        facts: entry.facts!,
        workspace: this.workspace,
        project: this.project,
        options: this.options.ruleOptions ?? {},
        report: (report) => {
          findings.push({
            rule: rule.meta.id,
            severity: level,
            message: report.message,
            file: path,
            range: this.range(path, report.span),
            related: (report.related ?? []).map((related) => ({
              file: related.file,
              range: this.range(related.file, related.span),
              message: related.message,
            })),
            fixes: (report.fixes ?? []).map(
              (fix): Fix => ({
                title: fix.title,
                safety: fix.safety,
                edits: fix.edits.map((edit) => ({ file: edit.file ?? path, range: this.range(edit.file ?? path, edit.span), newText: edit.newText })),
              }),
            ),
          });
        },
      };
      try {
        rule.check(context);
      } catch (error) {
        // One broken rule must not take the others (or the server) down with it.
        console.error(`urlsession-lint: rule ${rule.meta.id} failed on ${path}: ${(error as Error).stack ?? error}`);
      }
    }
    return this.applySuppressions(path, entry.text, tree, findings, enabled);
  }

  private applySuppressions(path: string, text: string, tree: () => ParsedSwift, findings: Finding[], enabled: string[]): Finding[] {
    // Walking every comment costs a full tree walk: only files that mention the tool need it.
    if (!text.includes('urlsession-lint:')) return sortFindings(findings);
    const suppressions = parseSuppressions(tree().tree);
    const kept = findings.filter((finding) => !suppressions.isSuppressed(finding.rule, finding.range.start.line));
    const level = this.options.ruleSeverity?.[invalidSuppressionRule.id] ?? invalidSuppressionRule.severity;
    if (level !== 'off') {
      const known = ruleCatalog().map((meta) => meta.id);
      for (const problem of suppressions.problems(known, path, enabled)) kept.push({ ...problem, severity: level });
    }
    return sortFindings(kept);
  }

  private range(path: string, span: Span): SourceRange {
    const lines = this.files.get(path)?.lines;
    if (!lines) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
  }

  private releaseEntryTree(entry: IndexedFile | undefined): void {
    entry?.parsed?.tree.delete();
    if (entry) entry.parsed = undefined;
  }

  /**
   * Refactorings offered at a range even without a finding: "Use a bundle-based identifier" on a
   * literal background identifier, "Set app group" on a background configuration without one.
   */
  refactorings(path: string, range: SourceRange): RefactoringAction[] {
    const entry = this.files.get(path);
    if (!entry?.facts) return [];
    const start = entry.lines.offsetAt(range.start);
    const end = entry.lines.offsetAt(range.end);
    const touched = entry.facts.configCreations.filter((config) => config.span.start <= end && start <= config.span.end);
    if (touched.length === 0) return [];
    const parsed = entry.parsed ?? parseSwift(this.parser, entry.text);
    try {
      const actions: RefactoringAction[] = [];
      const toAction = (kind: string) => (fix: FixProposal): RefactoringAction => ({
        title: fix.title,
        kind,
        edits: fix.edits.map((edit) => ({ file: path, range: this.range(path, edit.span), newText: edit.newText })),
      });
      const covered = configsWithSharedContainer(this.workspace, path, this.project);
      const targets = processTargetsOf(this.project, path);
      const groups = (targets.find(isExtension) ?? targets[0])?.appGroups;
      for (const config of touched) {
        if (config.identifier.kind === 'literal') {
          actions.push(...bundleIdentifierFixes(config.identifier.span, config.identifier.value).map(toAction('refactor.rewrite')));
        }
        if (covered && !covered.has(config)) {
          actions.push(...setAppGroupFixes(entry.text, parsed.tree, config, groups).map(toAction('refactor')));
        }
      }
      return actions;
    } finally {
      if (!entry.parsed) parsed.tree.delete();
    }
  }
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule),
  );
}

/** The metadata of every registered rule, in registry order. */
export function ruleCatalog(): RuleMeta[] {
  return [...rules.map((rule) => rule.meta), invalidSuppressionRule];
}
