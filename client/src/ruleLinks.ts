// Diagnostics link to docs/rules/<id>.md with a file URL (what every LSP client understands).
// In VS Code the link should open the page as a rendered Markdown preview, so the client turns it
// into a link to the command that does that.
import * as vscode from 'vscode';
import { diagnosticSource, showRuleDocsCommand } from '../../server/src/lsp/protocol';

export function ruleDocsCommandUri(ruleId: string): vscode.Uri {
  return vscode.Uri.parse(`command:${showRuleDocsCommand}?${encodeURIComponent(JSON.stringify([ruleId]))}`);
}

export function linkRuleDocsToPreview(diagnostics: vscode.Diagnostic[]): void {
  for (const diagnostic of diagnostics) {
    const code = diagnostic.code;
    if (diagnostic.source !== diagnosticSource || typeof code !== 'object' || code.target.scheme !== 'file') continue;
    diagnostic.code = { value: code.value, target: ruleDocsCommandUri(String(code.value)) };
  }
}

/** Opens a rule's page from the extension's docs/rules folder as a Markdown preview. */
export async function showRuleDocs(extensionUri: vscode.Uri, ruleId: unknown): Promise<boolean> {
  const rulesDir = vscode.Uri.joinPath(extensionUri, 'docs', 'rules');
  let id = typeof ruleId === 'string' ? ruleId : ruleId instanceof vscode.Uri ? ruleId.path.split('/').pop()?.replace(/\.md$/, '') : undefined;
  if (!id) {
    const pages = await vscode.workspace.fs.readDirectory(rulesDir).then(
      (entries) => entries.filter(([name]) => name.endsWith('.md')).map(([name]) => name.slice(0, -3)).sort(),
      () => [] as string[],
    );
    id = await vscode.window.showQuickPick(pages, { placeHolder: 'Rule to show' });
    if (!id) return false;
  }
  const page = vscode.Uri.joinPath(rulesDir, `${id}.md`);
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    void vscode.window.showWarningMessage(`URLSession Lint has no documentation page for '${id}'.`);
    return false;
  }
  await vscode.commands.executeCommand('markdown.showPreview', page);
  return true;
}
