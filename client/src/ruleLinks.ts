// Diagnostics link to docs/rules/<id>.md with a file URL (what every LSP client understands).
// In VS Code the link opens the page as a rendered Markdown preview, from the Problems panel and
// from the hover alike, in desktop, Remote and the browser, without network: the client turns it
// into a link to this extension's URI handler (<product scheme>://<extension id>/rule/<id>). The
// editor routes its own scheme to the extension, with no prompt from a link it rendered; a
// `command:` link would not do: the hover's opener refuses commands, and a file URL names a path
// on the machine the server runs on, which the browser cannot open.
import * as vscode from 'vscode';
import { diagnosticSource } from '../../server/src/lsp/protocol';

const rulePathPrefix = '/rule/';

export function ruleDocsUri(extensionId: string, ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: extensionId, path: `${rulePathPrefix}${ruleId}` });
}

export function linkRuleDocsToPreview(diagnostics: vscode.Diagnostic[], extensionId: string): void {
  for (const diagnostic of diagnostics) {
    const code = diagnostic.code;
    if (diagnostic.source !== diagnosticSource || typeof code !== 'object' || code.target.scheme !== 'file') continue;
    diagnostic.code = { value: code.value, target: ruleDocsUri(extensionId, String(code.value)) };
  }
}

/** Handles the links made by ruleDocsUri. */
export function ruleDocsUriHandler(extensionUri: vscode.Uri): vscode.UriHandler {
  return {
    handleUri: (uri) => {
      const id = uri.path.startsWith(rulePathPrefix) ? uri.path.slice(rulePathPrefix.length) : '';
      // A URI may come from anywhere: only a rule id names a page.
      if (/^[a-z0-9-]+$/.test(id)) void showRuleDocs(extensionUri, id);
    },
  };
}

/** Opens a rule's page from the extension's docs/rules folder as a Markdown preview. */
export async function showRuleDocs(extensionUri: vscode.Uri, ruleId: unknown, manifest?: unknown): Promise<boolean> {
  const rulesDir = vscode.Uri.joinPath(extensionUri, 'docs', 'rules');
  let id = typeof ruleId === 'string' ? ruleId : ruleId instanceof vscode.Uri ? ruleId.path.split('/').pop()?.replace(/\.md$/, '') : undefined;
  if (!id) {
    const pages = await vscode.workspace.fs.readDirectory(rulesDir).then(
      (entries) => entries.filter(([name]) => name.endsWith('.md')).map(([name]) => name.slice(0, -3)).sort(),
      () => [] as string[],
    );
    const summaries = ruleSummaries(manifest);
    const picked = await vscode.window.showQuickPick(
      pages.map((page) => ({ label: page, description: summaries.get(page) })),
      { placeHolder: 'Rule to show', matchOnDescription: true },
    );
    if (!picked) return false;
    id = picked.label;
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

/** Each rule's one-line summary, from the descriptions of the `urlsessionLint.rules` setting. */
function ruleSummaries(manifest: unknown): Map<string, string> {
  type Manifest = { contributes?: { configuration?: { properties?: Record<string, { properties?: Record<string, { markdownDescription?: string }> }> } } };
  const rules = (manifest as Manifest | undefined)?.contributes?.configuration?.properties?.['urlsessionLint.rules']?.properties ?? {};
  return new Map(Object.entries(rules).map(([id, rule]) => [id, (rule.markdownDescription ?? '').replace(/ Default: `\w+`\.$/, '')]));
}
