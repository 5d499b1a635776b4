// The language status item: findings in the active Swift document and how long its last
// analysis took (the server reports both after each lint).
import * as vscode from 'vscode';
import type { AnalysisDoneParams } from '../../server/src/lsp/protocol';

export class AnalysisStatus implements vscode.Disposable {
  readonly item: vscode.LanguageStatusItem;
  private readonly byUri = new Map<string, AnalysisDoneParams>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly updated = new vscode.EventEmitter<AnalysisDoneParams>();
  /** Fires after each analysis the server reports (the item is already updated). */
  readonly onDidUpdate = this.updated.event;

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem('urlsessionLint.status', { language: 'swift' });
    this.item.name = 'URLSession Lint';
    this.setText('$(sync~spin)', 'URLSession Lint');
    this.item.detail = 'Waiting for the first analysis';
    this.item.command = { title: 'Lint Workspace', command: 'urlsessionLint.lintWorkspace' };
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((document) => this.byUri.delete(document.uri.toString())),
    );
  }

  update(params: AnalysisDoneParams): void {
    this.byUri.set(vscode.Uri.parse(params.uri).toString(), params);
    this.render();
    this.updated.fire(params);
  }

  /** The last analysis of a document, as the server reported it. */
  analysisOf(uri: vscode.Uri): AnalysisDoneParams | undefined {
    return this.byUri.get(uri.toString());
  }

  private render(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const last = uri ? this.byUri.get(uri.toString()) : undefined;
    if (!last) return;
    const total = last.errors + last.warnings + last.infos;
    if (total === 0) this.setText('$(check)', 'URLSession Lint: no findings');
    else this.setText('$(warning)', `URLSession Lint: ${total} finding${total === 1 ? '' : 's'}`);
    const time = new Date(last.timestamp).toLocaleTimeString();
    this.item.detail = `Analyzed in ${last.analysisMs.toFixed(1)} ms at ${time}`;
    this.item.severity = vscode.LanguageStatusSeverity.Information;
    this.item.busy = false;
  }

  /** Screen readers read the label, not the icon's `$(name)`. */
  private setText(icon: string, label: string): void {
    this.item.text = `${icon} ${label}`;
    this.item.accessibilityInformation = { label };
  }

  dispose(): void {
    this.item.dispose();
    this.updated.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
