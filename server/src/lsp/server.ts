// The language server: keeps the engine in step with the editor's documents and the workspace's
// files, and adapts engine results to LSP (diagnostics, code actions, hovers). No analysis here.
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type DidChangeWatchedFilesParams,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { Engine, ruleCatalog } from '../engine/engine';
import type { Finding } from '../engine/findings';
import { buildCodeActions } from './codeActions';
import { countSeverities, fileUri, toDiagnostic } from './diagnostics';
import { describe, guarded } from './guard';
import { hoverAt } from './hovers';
import { ProblemReporter } from './problems';
import { analysisDoneMethod, fixAllKind, lintWorkspaceMethod, type AnalysisDoneParams, type LintWorkspaceResult } from './protocol';
import { SettingsCache } from './settingsCache';
import { WorkspaceFolders } from './workspaceFolders';
import { readRegularFile } from '../project/readRegularFile';

/** A light debounce: coalesces bursts of edits without making a single keystroke wait. */
const typingDebounceMs = 10;
/**
 * Other documents' findings may depend on an edited one (identifiers, sessions, handlers in other
 * files): they are re-linted, and re-published when their findings changed, once typing pauses.
 */
const crossFileDelayMs = 200;
/** How long workspace indexing waits for the open documents' first diagnostics at most. */
const firstLintWaitMs = 1000;
/** Watched-file events come in bursts (a branch switch, a build): they are applied together after this pause. */
const watchedDebounceMs = 50;
/**
 * From this many changed Swift files on (a branch switch), the workspace is indexed again from
 * scratch, in slices: names that lead to sessions may now lead into files that did not change.
 */
const stormFiles = 200;
/** Indexing runs in slices of about this long; a request or keystroke waits for one slice at most. */
const indexSliceMs = 8;
/** The longest indexing waits for requests between two slices. */
const maxIndexingPauseMs = 100;

/** Files whose change means the project model must be reloaded. */
function isProjectFile(path: string): boolean {
  const name = basename(path);
  return (
    name === 'project.pbxproj' ||
    name === 'project.yml' ||
    name === 'Package.swift' ||
    name.endsWith('.plist') ||
    name.endsWith('.entitlements')
  );
}

function isConfigFile(path: string): boolean {
  const name = basename(path);
  return name === '.urlsession-lint.yml' || name === '.urlsession-lint.yaml';
}

const watchedGlobs = [
  '**/*.swift',
  '**/project.pbxproj',
  '**/project.yml',
  '**/Package.swift',
  '**/*.plist',
  '**/*.entitlements',
  '**/.urlsession-lint.yml',
  '**/.urlsession-lint.yaml',
];

const nullProgress: WorkDoneProgressReporter = { begin() {}, report() {}, done() {} };

export function startServer(connection: Connection): void {
  new LintServer(connection).listen();
}

class LintServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly problems: ProblemReporter;
  private readonly settings: SettingsCache;
  private readonly workspace: WorkspaceFolders;
  private engine: Engine | undefined;
  private enginePromise: Promise<Engine> = new Promise(() => {});
  private ruleIds: string[] = [];
  private folderList: { uri: string; path: string }[] = [];
  private client = { configuration: false, watchedFilesDynamic: false, configurationDynamic: false, workDoneProgress: false, folders: false };
  /** Resolves once the folders' settings and configs are loaded (first time only). */
  private readonly ready: Promise<void>;
  private markReady!: () => void;
  /** Workspace-wide reloads run one after another. */
  private queue: Promise<unknown> = Promise.resolve();

  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Resolves the promise of a scheduled run that has not started (see schedule). */
  private readonly pending = new Map<string, () => void>();
  /** Bumped on every change of a document: a validation of an older generation is dropped. */
  private readonly generations = new Map<string, number>();
  /** Document version the engine holds, by URI. */
  private readonly synced = new Map<string, number>();
  /** The text of each open document the engine was last given: a different text may change other files' findings. */
  private readonly syncedTexts = new Map<string, string>();
  /** The re-lint of the other documents after an edit (see crossFileDelayMs). */
  private crossFileTimer: NodeJS.Timeout | undefined;
  /** What was last published for each URI (a cross-file re-lint sends only what changed). */
  private readonly published = new Map<string, string>();
  /** The last findings of each open document, with the version they belong to. */
  private readonly results = new Map<string, { version: number; findings: Finding[] }>();
  /** Open documents by path, so that findings in them use the client's URI. */
  private readonly openPaths = new Map<string, string>();
  /** Closed files with diagnostics published by lintWorkspace; kept current on file changes. */
  private readonly workspacePublished = new Set<string>();
  private justOpened: string | undefined;
  /** Watched Swift files changed on disk and not applied yet (path → deleted), and whether project files changed. */
  private readonly watchedPending = new Map<string, boolean>();
  private watchedProjectChanged = false;
  private watchedTimer: NodeJS.Timeout | undefined;
  /** Open documents whose editor text an indexing run gave the engine without a tree (see readForIndex). */
  private readonly indexedOpen = new Set<string>();
  /** Requests and keystroke validations under way: indexing waits between its slices until none is. */
  private interactive = 0;
  private readonly interactiveDone: (() => void)[] = [];

  constructor(private readonly connection: Connection) {
    this.problems = new ProblemReporter(connection);
    this.settings = new SettingsCache(connection, () => this.client.configuration);
    this.workspace = new WorkspaceFolders({
      problems: this.problems,
      log: (message) => connection.console.log(message),
      knownRuleIds: () => this.ruleIds,
    });
    this.ready = new Promise((resolveReady) => (this.markReady = resolveReady));
  }

  listen(): void {
    const { connection, documents } = this;
    const logError = (message: string) => connection.console.error(message);

    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(guarded(logError, 'initialized', undefined, () => this.initialized()));
    connection.onDidChangeConfiguration(
      guarded(logError, 'didChangeConfiguration', undefined, (params) => {
        this.settings.changed(params.settings);
        return this.enqueue(() => this.reloadWorkspace(false));
      }),
    );
    connection.onDidChangeWatchedFiles(guarded(logError, 'didChangeWatchedFiles', undefined, (params) => this.watchedFilesChanged(params)));
    connection.onCodeAction(guarded(logError, 'codeAction', [] as CodeAction[], (params) => this.whileInteractive(this.codeActions(params))));
    connection.onHover(guarded(logError, 'hover', null as Hover | null, (params) => this.whileInteractive(this.hover(params))));
    connection.onRequest(
      lintWorkspaceMethod,
      guarded(logError, 'lintWorkspace', emptySummary(), () => this.lintWorkspace()),
    );

    documents.onDidOpen(
      guarded(logError, 'didOpen', undefined, ({ document }) => {
        this.justOpened = document.uri;
        const path = pathOf(document.uri);
        if (path) this.openPaths.set(path, document.uri);
        this.schedule(document.uri, 0);
      }),
    );
    documents.onDidChangeContent(
      guarded(logError, 'didChange', undefined, async ({ document }) => {
        // TextDocuments fires this right after onDidOpen for the same document: already scheduled.
        if (this.justOpened === document.uri) {
          this.justOpened = undefined;
          return;
        }
        this.cancel(document.uri);
        const settings = await this.settings.get(document.uri);
        if (settings.run === 'onType') this.schedule(document.uri, typingDebounceMs);
      }),
    );
    documents.onDidSave(
      guarded(logError, 'didSave', undefined, async ({ document }) => {
        const settings = await this.settings.get(document.uri);
        if (settings.run === 'onSave') this.schedule(document.uri, 0);
      }),
    );
    documents.onDidClose(guarded(logError, 'didClose', undefined, ({ document }) => this.closed(document.uri)));

    documents.listen(connection);
    connection.listen();
  }

  // ── lifecycle ────────────────────────────────────────────────────────────────────────────

  private initialize(params: InitializeParams): InitializeResult {
    const capabilities = params.capabilities;
    this.client = {
      configuration: capabilities.workspace?.configuration === true,
      watchedFilesDynamic: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      configurationDynamic: capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
      workDoneProgress: capabilities.window?.workDoneProgress === true,
      folders: capabilities.workspace?.workspaceFolders === true,
    };
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
    this.folderList = folders.flatMap((folder) => {
      const path = pathOf(folder.uri);
      return path ? [{ uri: folder.uri, path }] : [];
    });
    // The grammar loads while the client finishes its handshake.
    this.enginePromise = Engine.create({}).then((engine) => {
      // Indexing parses on a worker thread: requests never wait for a large file's parse.
      engine.useFactsWorker();
      this.engine = engine;
      this.ruleIds = ruleCatalog().map((rule) => rule.id);
      return engine;
    });
    this.enginePromise.catch((error) => {
      this.connection.console.error(`urlsession-lint: the analysis engine could not start: ${describe(error)}`);
      void this.connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Error,
        message: `URLSession Lint could not start its analysis engine: ${(error as Error).message}`,
      });
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor, CodeActionKind.RefactorRewrite, fixAllKind],
        },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'urlsession-lint' },
    };
  }

  private async initialized(): Promise<void> {
    const registrationFailed = (error: unknown) => this.connection.console.error(`urlsession-lint: registration failed: ${describe(error)}`);
    // Not awaited: the first diagnostics need not wait for the client's answers.
    if (this.client.configurationDynamic) {
      this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'urlsessionLint' }).catch(registrationFailed);
    }
    if (this.client.watchedFilesDynamic) {
      this.connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: watchedGlobs.map((globPattern) => ({ globPattern })) })
        .catch(registrationFailed);
    }
    if (this.client.folders) {
      this.connection.workspace.onDidChangeWorkspaceFolders(
        guarded((message) => this.connection.console.error(message), 'didChangeWorkspaceFolders', undefined, (event) => {
          const removed = new Set(event.removed.map((folder) => folder.uri));
          const added = event.added.flatMap((folder) => {
            const path = pathOf(folder.uri);
            return path ? [{ uri: folder.uri, path }] : [];
          });
          this.folderList = [...this.folderList.filter((folder) => !removed.has(folder.uri)), ...added];
          return this.enqueue(() => this.reloadWorkspace(true));
        }),
      );
    }
    await this.enqueue(() => this.reloadWorkspace(true));
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task, task);
    this.queue = next.catch((error) => this.connection.console.error(`urlsession-lint: ${describe(error)}`));
    return next;
  }

  /**
   * Loads the folders' settings and configs, gives the engine its options, re-lints the open
   * documents and, when `reindex` (or the configs' file lists changed), walks and indexes the folders.
   */
  private async reloadWorkspace(reindex: boolean): Promise<void> {
    try {
      const engine = await this.enginePromise;
      const before = this.workspace.folders.map(configKey).sort().join('\n');
      const folders = await Promise.all(
        this.folderList.map(async (folder) => ({ ...folder, settings: await this.settings.get(folder.uri) })),
      );
      this.workspace.load(folders);
      engine.setOptions(this.workspace.engineOptions());
      const after = this.workspace.folders.map(configKey).sort().join('\n');
      this.markReady();
      const openLinted = this.revalidateOpen(0);
      if (reindex || before !== after) {
        // The open documents' diagnostics go out first: indexing is synchronous and takes a while.
        await Promise.race([openLinted, new Promise((done) => setTimeout(done, firstLintWaitMs))]);
        await this.index(engine);
      }
      this.relintPublished();
    } finally {
      this.markReady();
    }
  }

  /** Indexes `files`, or the folders' Swift files, walked anew. */
  private async index(engine: Engine, files?: string[]): Promise<void> {
    const started = performance.now();
    const blocked = longestBlock();
    const progress = await this.createProgress();
    progress.begin('URLSession Lint: indexing', 0, 'Finding Swift files', false);
    try {
      // A storm hands over the files it knows. The project is read once, after the files.
      files ??= await this.workspace.walkGradually(slicing(indexSliceMs, this.pauseIndexing));
      progress.report(0, `${files.length} Swift files`);
      let lastPercent = 0;
      await engine.indexFilesGradually(files, (path) => this.readForIndex(path), (done, total) => {
        const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
        if (percent > lastPercent) {
          lastPercent = percent;
          progress.report(percent, `${done}/${total} files`);
        }
      }, indexSliceMs, this.pauseIndexing);
      // Now the facts tell which folders hold extension principal classes (no project file needed).
      engine.setProject(await this.workspace.loadProject(engine.extensionPrincipalFiles(), slicing(indexSliceMs, this.pauseIndexing)));
      this.connection.console.log(
        `urlsession-lint: indexed ${files.length} Swift files in ${Math.round(performance.now() - started)} ms (event loop held at most ${blocked()} ms)`,
      );
    } finally {
      progress.done();
    }
    this.resyncIndexedOpen();
    void this.revalidateOpen(0);
  }

  /** Open documents the index gave the engine without their tree are handed over again (see readForIndex). */
  private resyncIndexedOpen(): void {
    for (const uri of this.indexedOpen) this.synced.delete(uri);
    this.indexedOpen.clear();
  }

  /**
   * Open documents are read from the editor, other files from disk. An open document the engine
   * already holds (with its tree and chunk cache) is left out: indexing it again would cost the
   * next keystroke a full parse.
   */
  private readForIndex(path: string): string | undefined {
    const uri = this.openPaths.get(path);
    const document = uri ? this.documents.get(uri) : undefined;
    if (uri && document) {
      if (this.synced.get(uri) === document.version && !this.indexedOpen.has(uri)) return undefined;
      this.indexedOpen.add(uri);
      return document.getText();
    }
    try {
      return readRegularFile(path, 'utf8');
    } catch (error) {
      this.connection.console.log(`urlsession-lint: skipped ${path}: ${describe(error)}`);
      return undefined;
    }
  }

  private async createProgress(): Promise<WorkDoneProgressReporter> {
    if (!this.client.workDoneProgress) return nullProgress;
    try {
      return await this.connection.window.createWorkDoneProgress();
    } catch {
      return nullProgress;
    }
  }

  // ── documents ────────────────────────────────────────────────────────────────────────────

  /**
   * Lints `uri` after `delayMs`; resolves when that run is done, superseded or cancelled.
   * `onlyIfChanged`: publish only when the diagnostics differ from the last ones published.
   */
  private schedule(uri: string, delayMs: number, onlyIfChanged = false): Promise<void> {
    const generation = this.cancel(uri);
    const run = new Promise<void>((done) => {
      this.pending.set(uri, done);
      this.timers.set(
        uri,
        setTimeout(() => {
          this.timers.delete(uri);
          this.pending.delete(uri);
          this.validate(uri, generation, onlyIfChanged)
            .catch((error) => this.connection.console.error(`urlsession-lint: linting ${uri} failed: ${describe(error)}`))
            .finally(done);
        }, delayMs),
      );
    });
    // A keystroke's diagnostics go before indexing; a re-lint that waits for typing to pause does not.
    return delayMs <= typingDebounceMs ? this.whileInteractive(run) : run;
  }

  /**
   * Counts `work` as interactive until a turn after it settles (vscode-jsonrpc writes the answer
   * from setImmediate): indexing waits for it (see pauseIndexing).
   */
  private whileInteractive<T>(work: Promise<T>): Promise<T> {
    this.interactive++;
    const settle = () =>
      setImmediate(() => {
        if (--this.interactive > 0) return;
        for (const resume of this.interactiveDone.splice(0)) resume();
      });
    work.then(settle, settle);
    return work;
  }

  /**
   * Between two slices of indexing: two turns of the event loop (a message that arrived during
   * the slice is read in the first and dispatched, from setImmediate, before the second), then
   * as long as requests or keystroke validations are under way, and a turn more for their output.
   */
  private readonly pauseIndexing = async (): Promise<void> => {
    await turn();
    await turn();
    // Bounded: a request that never settles (a client that does not answer) must not stop indexing.
    const until = performance.now() + maxIndexingPauseMs;
    while (this.interactive > 0 && performance.now() < until) {
      await Promise.race([new Promise<void>((resume) => this.interactiveDone.push(resume)), delay(maxIndexingPauseMs)]);
      await turn();
    }
  };

  /** Drops a pending or running validation of `uri`; returns the new generation. */
  private cancel(uri: string): number {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
    this.pending.get(uri)?.();
    this.pending.delete(uri);
    const generation = (this.generations.get(uri) ?? 0) + 1;
    this.generations.set(uri, generation);
    return generation;
  }

  private revalidateOpen(delayMs: number, except?: string): Promise<void[]> {
    return Promise.all(this.documents.all().flatMap((document) => (document.uri === except ? [] : [this.schedule(document.uri, delayMs)])));
  }

  private async validate(uri: string, generation: number, onlyIfChanged: boolean): Promise<void> {
    await this.ready;
    const engine = await this.enginePromise;
    const isCurrent = () => this.generations.get(uri) === generation && this.documents.get(uri) !== undefined;
    const document = this.documents.get(uri);
    const path = pathOf(uri);
    if (!document || !path || !isCurrent()) return;
    const settings = await this.settings.get(uri);
    if (!isCurrent()) return;
    if (!settings.enable || !this.workspace.isLintable(path)) {
      this.results.delete(uri);
      this.publish(uri, document.version, []);
      return;
    }
    const syncStart = performance.now();
    this.sync(engine, document, path);
    const syncMs = performance.now() - syncStart;
    // Give a newer edit the chance to arrive and cancel this run before the rules run.
    await new Promise((done) => setImmediate(done));
    if (!isCurrent() || this.documents.get(uri)?.version !== document.version) return;
    const lintStart = performance.now();
    const findings = engine.lint(path).filter((finding) => finding.file === path);
    const lintMs = performance.now() - lintStart;
    const analysisMs = syncMs + lintMs;
    this.results.set(uri, { version: document.version, findings });
    this.publish(uri, document.version, findings, onlyIfChanged);
    const counts = countSeverities(findings);
    const done: AnalysisDoneParams = {
      uri,
      version: document.version,
      ...counts,
      analysisMs,
      updateMs: syncMs,
      lintMs,
      timestamp: Date.now(),
    };
    void this.connection.sendNotification(analysisDoneMethod, done);
  }

  /**
   * Hands the document's current text to the engine when it has an older one; true when it did.
   * Whoever syncs first (this document's run, a code action or hover request that came before
   * it), a new text re-lints the documents that may depend on it.
   */
  private sync(engine: Engine, document: TextDocument, path: string): boolean {
    if (this.synced.get(document.uri) === document.version) return false;
    const text = document.getText();
    engine.setFile(path, text, { keepTree: true });
    this.synced.set(document.uri, document.version);
    if (this.syncedTexts.get(document.uri) !== text) {
      this.syncedTexts.set(document.uri, text);
      this.crossFileChanged();
    }
    return true;
  }

  /**
   * After an edit pauses: re-lints the other open documents and the closed files Lint Workspace
   * published for. Each is re-published only when its findings changed (see publish).
   */
  private crossFileChanged(): void {
    if (this.crossFileTimer) clearTimeout(this.crossFileTimer);
    this.crossFileTimer = setTimeout(() => {
      this.crossFileTimer = undefined;
      for (const document of this.documents.all()) {
        // A document with a run of its own on the way gets its findings from that run.
        if (!this.timers.has(document.uri)) void this.schedule(document.uri, 0, true);
      }
      this.relintPublished(true);
    }, crossFileDelayMs);
  }

  /** The findings for the document's current text (linting now when the last run is older). */
  private currentFindings(engine: Engine, document: TextDocument, path: string): Finding[] {
    const last = this.results.get(document.uri);
    if (last && last.version === document.version && this.synced.get(document.uri) === document.version) return last.findings;
    this.sync(engine, document, path);
    const findings = engine.lint(path).filter((finding) => finding.file === path);
    this.results.set(document.uri, { version: document.version, findings });
    return findings;
  }

  private publish(uri: string, version: number | undefined, findings: readonly Finding[], onlyIfChanged = false): void {
    const diagnostics = findings.map((finding) => toDiagnostic(finding, (path) => this.uriOf(path)));
    const key = JSON.stringify([version, diagnostics]);
    if (onlyIfChanged && this.published.get(uri) === key) return;
    this.published.set(uri, key);
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  private closed(uri: string): void {
    this.cancel(uri);
    this.synced.delete(uri);
    this.syncedTexts.delete(uri);
    this.results.delete(uri);
    const path = pathOf(uri);
    if (!path) return;
    this.openPaths.delete(path);
    const engine = this.engine;
    if (!engine) return;
    // The editor's unsaved text goes: the index holds the file as it is on disk again, analysed
    // or not by the first index's test (an open document is analysed whatever it mentions).
    if (existsSync(path)) {
      engine.indexFiles([path], (file) => this.readForIndex(file));
    } else {
      engine.removeFile(path);
    }
    if (this.workspacePublished.has(path) && this.workspace.isLintable(path)) {
      this.publish(uri, undefined, engine.lint(path).filter((finding) => finding.file === path));
    } else {
      this.workspacePublished.delete(path);
      this.publish(uri, undefined, []);
    }
    void this.revalidateOpen(crossFileDelayMs);
  }

  // ── requests ─────────────────────────────────────────────────────────────────────────────

  private async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    await this.ready;
    const engine = await this.enginePromise;
    const document = this.documents.get(params.textDocument.uri);
    const path = pathOf(params.textDocument.uri);
    if (!document || !path || !this.workspace.isLintable(path)) return [];
    const settings = await this.settings.get(document.uri);
    if (!settings.enable) return [];
    const findings = this.currentFindings(engine, document, path);
    const range = params.range;
    return buildCodeActions({
      uri: document.uri,
      path,
      text: document.getText(),
      tree: engine.syntaxTree(path),
      range,
      context: params.context,
      findings,
      refactorings: () => engine.refactorings(path, range),
      uriOf: (file) => this.uriOf(file),
    });
  }

  private async hover(params: HoverParams): Promise<Hover | null> {
    await this.ready;
    const engine = await this.enginePromise;
    const document = this.documents.get(params.textDocument.uri);
    const path = pathOf(params.textDocument.uri);
    if (!document || !path) return null;
    const settings = await this.settings.get(document.uri);
    if (!settings.enable) return null;
    this.sync(engine, document, path);
    const tree = engine.syntaxTree(path);
    return tree ? hoverAt(tree, params.position) : null;
  }

  private async lintWorkspace(): Promise<LintWorkspaceResult> {
    await this.ready;
    const engine = await this.enginePromise;
    const started = performance.now();
    for (const document of this.documents.all()) {
      const path = pathOf(document.uri);
      if (path) this.sync(engine, document, path);
    }
    const paths = new Set([...this.workspace.allFiles(), ...this.openPaths.keys()]);
    const summary = emptySummary();
    for (const path of [...paths].sort()) {
      const uri = this.uriOf(path);
      const settings = await this.settings.get(this.workspace.folderOf(path)?.uri ?? uri);
      if (!settings.enable || !this.workspace.isLintable(path)) continue;
      const findings = engine.lint(path).filter((finding) => finding.file === path);
      const document = this.documents.get(uri);
      summary.files++;
      if (document) {
        this.results.set(uri, { version: document.version, findings });
        this.publish(uri, document.version, findings);
      } else if (findings.length > 0) {
        this.workspacePublished.add(path);
        this.publish(uri, undefined, findings);
      } else if (this.workspacePublished.delete(path)) {
        // It had findings before: clear them.
        this.publish(uri, undefined, []);
      }
      const counts = countSeverities(findings);
      if (findings.length > 0) summary.filesWithFindings++;
      summary.errors += counts.errors;
      summary.warnings += counts.warnings;
      summary.infos += counts.infos;
    }
    summary.durationMs = Math.round(performance.now() - started);
    return summary;
  }

  /** Re-lints the closed files lintWorkspace published diagnostics for. */
  private relintPublished(onlyIfChanged = false): void {
    const engine = this.engine;
    if (!engine) return;
    for (const path of [...this.workspacePublished]) {
      if (this.openPaths.has(path)) continue;
      const findings = engine.hasFile(path) && this.workspace.isLintable(path) ? engine.lint(path).filter((f) => f.file === path) : [];
      if (findings.length === 0) this.workspacePublished.delete(path);
      this.publish(fileUri(path), undefined, findings, onlyIfChanged);
    }
  }

  // ── watched files ────────────────────────────────────────────────────────────────────────

  private async watchedFilesChanged(params: DidChangeWatchedFilesParams): Promise<void> {
    await this.ready;
    let configChanged = false;
    for (const change of params.changes) {
      const path = pathOf(change.uri);
      if (!path) continue;
      if (isConfigFile(path)) configChanged = true;
      if (isProjectFile(path)) this.watchedProjectChanged = true;
      if (!path.endsWith('.swift')) continue;
      // The latest event of a file wins: created then deleted is deleted.
      this.watchedPending.set(path, change.type === FileChangeType.Deleted);
    }
    if (configChanged) {
      // Severities, exclusions and file lists may all have changed: start over (a full index reads every file).
      this.watchedPending.clear();
      this.watchedProjectChanged = false;
      await this.enqueue(() => this.reloadWorkspace(true));
      return;
    }
    if (this.watchedTimer) clearTimeout(this.watchedTimer);
    this.watchedTimer = setTimeout(() => {
      this.watchedTimer = undefined;
      void this.enqueue(() => this.applyWatchedChanges());
    }, watchedDebounceMs);
  }

  /**
   * Applies the watched-file changes gathered so far, in slices that let keystrokes through.
   * Changed files go through the first index's keyword test and name-following
   * (indexFilesGradually). When that leaves the analysed files as they were (files that did not
   * and do not matter), that is all; otherwise names that lead to sessions may now lead into files
   * that did not change, so the workspace is indexed again, as a fresh server would: at once for
   * a storm (a branch switch), which touches everything anyway.
   */
  private async applyWatchedChanges(): Promise<void> {
    const engine = await this.enginePromise;
    const started = performance.now();
    const blocked = longestBlock();
    const changes = [...this.watchedPending];
    const projectChanged = this.watchedProjectChanged;
    this.watchedPending.clear();
    this.watchedProjectChanged = false;
    const changed: string[] = [];
    let analysedChanged = false;
    for (const [path, deleted] of changes) {
      if (this.openPaths.has(path) || !this.workspace.isIndexable(path)) continue;
      if (engine.factsOf(path)) analysedChanged = true;
      if (deleted) {
        engine.removeFile(path);
        this.forgetFile(path);
        continue;
      }
      if (!this.workspace.isLintable(path)) continue;
      changed.push(path);
      const folder = this.workspace.folderOf(path);
      if (folder && !folder.files.includes(path)) folder.files.push(path);
    }
    if (!analysedChanged && changed.length > 0 && changed.length < stormFiles) {
      const parsed = await engine.indexFilesGradually(changed, (path) => this.readForIndex(path), undefined, indexSliceMs, this.pauseIndexing);
      analysedChanged = parsed.length > 0;
    }
    if (analysedChanged || changed.length >= stormFiles) {
      await this.index(engine, this.workspace.allFiles());
    } else if (projectChanged || changes.length > 0) {
      engine.setProject(await this.workspace.loadProject(engine.extensionPrincipalFiles(), slicing(indexSliceMs, this.pauseIndexing)));
      void this.revalidateOpen(0);
    }
    this.relintPublished();
    this.connection.console.log(`urlsession-lint: re-indexed ${changes.length} changed files in ${Math.round(performance.now() - started)} ms (event loop held at most ${blocked()} ms)`);
  }

  private forgetFile(path: string): void {
    const folder = this.workspace.folderOf(path);
    if (folder) folder.files = folder.files.filter((file) => file !== path);
    if (this.workspacePublished.delete(path)) this.publish(fileUri(path), undefined, []);
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────

  private uriOf(path: string): string {
    return this.openPaths.get(path) ?? fileUri(path);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resume) => setTimeout(resume, ms));
}

/** One turn of the event loop. */
/** A pause (`pause`) once every `sliceMs` of work: call the result between steps of the work. */
function slicing(sliceMs: number, pause: () => Promise<void>): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart <= sliceMs) return;
    await pause();
    sliceStart = performance.now();
  };
}

function turn(): Promise<void> {
  return new Promise((resume) => setImmediate(resume));
}

/**
 * Starts watching how long the event loop is held at a time (what a request may have to wait);
 * the returned function stops and gives the longest, in ms.
 */
function longestBlock(): () => number {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  return () => {
    histogram.disable();
    return Math.round(histogram.max / 1e6);
  };
}

function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

function configKey(folder: { path: string; config: { configFile?: string; excluded: string[]; included: string[] } }): string {
  return JSON.stringify([folder.path, folder.config.configFile, folder.config.excluded, folder.config.included]);
}

function emptySummary(): LintWorkspaceResult {
  return { files: 0, filesWithFindings: 0, errors: 0, warnings: 0, infos: 0, durationMs: 0 };
}
