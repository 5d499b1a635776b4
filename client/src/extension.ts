// The VS Code side: starts the language server (dist/server.js), forwards settings, and adds the
// commands, the status item and the walkthrough's buttons. All analysis happens in the server.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { analysisDoneMethod, lintWorkspaceMethod, showRuleDocsCommand, type AnalysisDoneParams, type LintWorkspaceResult } from '../../server/src/lsp/protocol';
import { openWalkthroughCommand } from '../../server/src/lsp/hoverTexts';
import { linkRuleDocsToPreview, ruleDocsUriHandler, showRuleDocs } from './ruleLinks';
import { insertSnippet } from './snippetCommand';
import { AnalysisStatus } from './statusItem';

/** What the extension hands to other extensions and to its own editor tests. */
export interface UrlsessionLintApi {
  client(): LanguageClient | undefined;
  status: AnalysisStatus;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<UrlsessionLintApi> {
  const output = vscode.window.createOutputChannel('URLSession Lint', { log: true });
  const status = new AnalysisStatus();
  context.subscriptions.push(output, status);

  client = createClient(context, output);
  client.onNotification(analysisDoneMethod, (params: AnalysisDoneParams) => status.update(params));

  context.subscriptions.push(
    vscode.commands.registerCommand('urlsessionLint.restartServer', async () => {
      output.info('Restarting the URLSession Lint server.');
      await client?.restart();
    }),
    vscode.commands.registerCommand('urlsessionLint.lintWorkspace', () => lintWorkspace()),
    vscode.commands.registerCommand(showRuleDocsCommand, (ruleId?: unknown) => showRuleDocs(context.extensionUri, ruleId, context.extension.packageJSON)),
    vscode.window.registerUriHandler(ruleDocsUriHandler(context.extensionUri)),
    vscode.commands.registerCommand('urlsessionLint.insertSnippet', (prefix?: unknown) => insertSnippet(context.extensionUri, prefix)),
    vscode.commands.registerCommand(openWalkthroughCommand, () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#testingBackgroundTransfers`, false),
    ),
  );

  try {
    await client.start();
  } catch (error) {
    output.error(`The URLSession Lint server did not start: ${error instanceof Error ? error.message : String(error)}`);
    void vscode.window.showErrorMessage('URLSession Lint: the language server did not start. See the "URLSession Lint" output.');
  }
  return { client: () => client, status };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const serverModule = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'swift' }],
    outputChannel: output,
    traceOutputChannel: output,
    diagnosticCollectionName: 'urlsession-lint',
    // Hovers link to the testing walkthrough; no other command runs from the server's Markdown.
    markdown: { isTrusted: { enabledCommands: [openWalkthroughCommand] } },
    middleware: {
      handleDiagnostics(uri, diagnostics, next) {
        linkRuleDocsToPreview(diagnostics, context.extension.id);
        next(uri, diagnostics);
      },
    },
  };
  // The id makes vscode-languageclient read `urlsessionLint.trace.server`.
  return new LanguageClient('urlsessionLint', 'URLSession Lint', serverOptions, clientOptions);
}

async function lintWorkspace(): Promise<LintWorkspaceResult | undefined> {
  const running = client;
  if (!running?.isRunning()) {
    void vscode.window.showWarningMessage('URLSession Lint: the language server is not running.');
    return undefined;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'URLSession Lint: linting the workspace' },
    () => running.sendRequest<LintWorkspaceResult>(lintWorkspaceMethod, {}),
  );
  const total = result.errors + result.warnings + result.infos;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const message =
    total === 0
      ? `URLSession Lint: no findings in ${plural(result.files, 'file')} (${result.durationMs} ms).`
      : `URLSession Lint: ${plural(total, 'finding')} in ${result.filesWithFindings} of ${plural(result.files, 'file')}: ` +
        `${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}, ${result.infos} info (${result.durationMs} ms).`;
  // Not awaited: the command returns its result while the message waits for the user.
  void vscode.window.showInformationMessage(message, ...(total > 0 ? ['Show Problems'] : [])).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return result;
}
