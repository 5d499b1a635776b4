// Inserts one of the extension's Swift snippets by prefix (used by the walkthrough's buttons,
// which run while no text editor has focus): into the last Swift editor, or a new Swift file.
import * as vscode from 'vscode';

interface SnippetFile {
  [name: string]: { prefix: string; description: string };
}

export async function insertSnippet(extensionUri: vscode.Uri, prefix: unknown): Promise<boolean> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'snippets', 'swift.json'));
  const snippets = JSON.parse(new TextDecoder().decode(bytes)) as SnippetFile;
  const entries = Object.entries(snippets);
  let name = entries.find(([, snippet]) => snippet.prefix === prefix)?.[0];
  if (!name) {
    const picked = await vscode.window.showQuickPick(
      entries.map(([label, snippet]) => ({ label, description: snippet.prefix, detail: snippet.description })),
      { placeHolder: 'Background transfer snippet to insert' },
    );
    if (!picked) return false;
    name = picked.label;
  }
  const editor = await swiftEditor();
  await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'swift', name });
  return true;
}

async function swiftEditor(): Promise<vscode.TextEditor> {
  const active = vscode.window.activeTextEditor;
  if (active?.document.languageId === 'swift') return active;
  const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.languageId === 'swift');
  if (visible) return visible;
  const document = await vscode.workspace.openTextDocument({ language: 'swift', content: '' });
  return vscode.window.showTextDocument(document);
}
