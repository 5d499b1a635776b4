// A minimal LSP client for protocol tests: starts the BUILT server (dist/server.js) over stdio,
// records every message, answers the server's requests (settings, registrations, progress) and
// lets tests wait for messages with a timeout that fails the test, never with sleeps.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  CodeAction,
  CodeActionContext,
  Diagnostic,
  Hover,
  InitializeResult,
  PublishDiagnosticsParams,
  Range,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const repoRoot = join(__dirname, '..', '..');
export const serverBundle = join(repoRoot, 'dist', 'server.js');

export interface Received {
  kind: 'notification' | 'request';
  method: string;
  params: any;
  /** performance.now() when it arrived. */
  at: number;
}

type Waiter = { since: number; predicate: (message: Received) => boolean; resolve: (message: Received) => void };

export const defaultClientCapabilities: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    applyEdit: true,
  },
  window: { workDoneProgress: true, showMessage: {} },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    codeAction: {
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.rewrite', 'source', 'source.fixAll'] },
      },
      isPreferredSupport: true,
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

export class LspTestClient {
  readonly received: Received[] = [];
  stderr = '';
  /** Answers workspace/configuration: settings for a scope URI and section. */
  settings: (scopeUri: string | undefined, section: string | undefined) => unknown = () => ({});
  private readonly waiters: Waiter[] = [];
  private readonly documents = new Map<string, TextDocument>();
  private exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    connection.onNotification((method: string, params: unknown) => this.record({ kind: 'notification', method, params, at: performance.now() }));
    // jsonrpc routes $/progress to progress handlers: record it like any other notification.
    connection.onUnhandledProgress((params) => this.record({ kind: 'notification', method: '$/progress', params, at: performance.now() }));
    connection.onRequest((method: string, params: unknown) => {
      this.record({ kind: 'request', method, params, at: performance.now() });
      if (method === 'workspace/configuration') {
        const items = (params as { items: { scopeUri?: string; section?: string }[] }).items;
        return items.map((item) => this.settings(item.scopeUri, item.section));
      }
      return null;
    });
    connection.listen();
  }

  /**
   * Starts `node dist/server.js --stdio`. SERVER_NODE_ARGS adds node options (they are not allowed
   * in NODE_OPTIONS), e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the server under a benchmark.
   */
  static start(): LspTestClient {
    if (!existsSync(serverBundle)) throw new Error(`${serverBundle} is missing: run \`npm run build\` first`);
    const nodeArgs = process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...nodeArgs, serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    return new LspTestClient(child, connection);
  }

  private record(message: Received): void {
    this.received.push(message);
    const index = this.received.length - 1;
    for (const waiter of [...this.waiters]) {
      if (index >= waiter.since && waiter.predicate(message)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  }

  /** The number of messages so far: pass it as `since` to wait only for later ones. */
  mark(): number {
    return this.received.length;
  }

  /** The first message (at index ≥ since) that matches, waiting for it up to `timeoutMs`. */
  waitFor(predicate: (message: Received) => boolean, description: string, since = 0, timeoutMs = 10_000): Promise<Received> {
    const found = this.received.slice(since).find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        const seen = this.received.slice(since).map((message) => message.method).join(', ');
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description} (messages since: ${seen || 'none'})\n${this.stderr}`));
      }, timeoutMs);
      const waiter: Waiter = {
        since,
        predicate,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
      };
      this.waiters.push(waiter);
    });
  }

  waitForNotification(method: string, since = 0, predicate: (params: any) => boolean = () => true, timeoutMs?: number): Promise<Received> {
    return this.waitFor((m) => m.kind === 'notification' && m.method === method && predicate(m.params), method, since, timeoutMs);
  }

  /** The first diagnostics published for `uri` at index ≥ since (of `version`, and passing `where`, when given). */
  async diagnostics(
    uri: string,
    options: { version?: number; since?: number; timeoutMs?: number; where?: (diagnostics: Diagnostic[]) => boolean } = {},
  ): Promise<Diagnostic[]> {
    const message = await this.waitFor(
      (m) =>
        m.kind === 'notification' &&
        m.method === 'textDocument/publishDiagnostics' &&
        (m.params as PublishDiagnosticsParams).uri === uri &&
        (options.version === undefined || (m.params as PublishDiagnosticsParams).version === options.version) &&
        (options.where === undefined || options.where((m.params as PublishDiagnosticsParams).diagnostics)),
      `diagnostics for ${uri}${options.version === undefined ? '' : ` v${options.version}`}`,
      options.since ?? 0,
      options.timeoutMs,
    );
    return (message.params as PublishDiagnosticsParams).diagnostics;
  }

  async initialize(
    rootPath: string | undefined,
    capabilities: ClientCapabilities = defaultClientCapabilities,
    initializationOptions?: unknown,
  ): Promise<InitializeResult> {
    const rootUri = rootPath ? pathToFileURL(rootPath).href : null;
    const result = (await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      capabilities,
      workspaceFolders: rootPath ? [{ uri: rootUri, name: 'test' }] : null,
      initializationOptions,
    })) as InitializeResult;
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async open(path: string, text: string, version = 1): Promise<string> {
    const uri = pathToFileURL(path).href;
    this.documents.set(uri, TextDocument.create(uri, 'swift', version, text));
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'swift', version, text } });
    return uri;
  }

  /** Sends incremental changes (ranges against the text after the previous change). */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const document = this.document(uri);
    const version = document.version + 1;
    TextDocument.update(document, changes, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  document(uri: string): TextDocument {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    return document;
  }

  text(uri: string): string {
    return this.document(uri).getText();
  }

  codeActions(uri: string, range: Range, context: CodeActionContext): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context }) as Promise<CodeAction[]>;
  }

  hover(uri: string, position: { line: number; character: number }): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }) as Promise<Hover | null>;
  }

  /** Applies a workspace edit to an open document the way an editor would: as one change. */
  async applyEdit(edit: WorkspaceEdit, uri: string): Promise<string> {
    const edits: TextEdit[] = edit.changes?.[uri] ?? [];
    const document = this.document(uri);
    const newText = TextDocument.applyEdits(document, edits);
    const end = document.positionAt(document.getText().length);
    await this.change(uri, [{ range: { start: { line: 0, character: 0 }, end }, text: newText }]);
    return newText;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  isAlive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** shutdown + exit; kills the server if it does not leave on its own. */
  async stop(): Promise<void> {
    if (this.isAlive()) {
      try {
        await Promise.race([this.connection.sendRequest('shutdown'), this.exited]);
        await this.connection.sendNotification('exit');
      } catch {
        // The server is already gone.
      }
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await this.exited;
      clearTimeout(timer);
    }
    this.connection.dispose();
  }
}

/** Position of the first occurrence of `needle` (at or after `from`) in `text`. */
export function positionOf(text: string, needle: string, from = 0): { line: number; character: number } {
  const offset = text.indexOf(needle, from);
  if (offset === -1) throw new Error(`"${needle}" not found`);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The range of the first occurrence of `needle` in `text`. */
export function rangeOf(text: string, needle: string, from = 0): Range {
  const start = positionOf(text, needle, from);
  const lines = needle.split('\n');
  const end =
    lines.length === 1
      ? { line: start.line, character: start.character + needle.length }
      : { line: start.line + lines.length - 1, character: lines[lines.length - 1].length };
  return { start, end };
}
