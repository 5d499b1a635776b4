// The extension in a real VS Code: activation, diagnostics with rule links, quick fixes, fix-all on
// save, hovers, settings, the status item and the commands. Runs on a copy of test/editor/fixture.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { UrlsessionLintApi } from '../../../client/src/extension';
import { codeOf, ourDiagnostics, waitFor } from './waits';

const extensionId = 'urlsession-lint.urlsession-background-lint';
const exitRule = 'debug-exit-unguarded';
const discretionaryRule = 'discretionary-transfer';

const appDelegate = `import UIKit

class AppDelegate: UIResponder, UIApplicationDelegate {
    func applicationDidEnterBackground(_ application: UIApplication) {
        exit(0)
    }
}
`;

let api: UrlsessionLintApi;
let folder: string;

/** A new Swift file in the workspace (or a temp folder), opened in an editor. */
async function openSwift(name: string, text: string): Promise<vscode.TextEditor> {
  const path = join(folder, name);
  writeFileSync(path, text);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
  return vscode.window.showTextDocument(document);
}

const has = (rule: string) => (diagnostics: vscode.Diagnostic[]) => diagnostics.some((d) => codeOf(d) === rule);
const hasNot = (rule: string) => (diagnostics: vscode.Diagnostic[]) => !diagnostics.some((d) => codeOf(d) === rule);

describe('URLSession Background Lint in VS Code', () => {
  before(async () => {
    folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? mkdtempSync(join(tmpdir(), 'urlsession-lint-editor-'));
    const extension = vscode.extensions.getExtension<UrlsessionLintApi>(extensionId);
    assert.ok(extension, `${extensionId} is not installed`);
    await vscode.workspace.openTextDocument(vscode.Uri.file(join(folder, 'App', 'AppDelegate.swift'))).then(
      (document) => vscode.window.showTextDocument(document),
      () => openSwift('Start.swift', appDelegate),
    );
    api = await extension.activate();
    assert.ok(api.client()?.isRunning(), 'the language server runs');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows an error on exit(0) whose link opens the rule page', async () => {
    const editor = await openSwift('ExitDelegate.swift', appDelegate);
    const diagnostics = await ourDiagnostics(editor.document.uri, has(exitRule), `${exitRule} on ExitDelegate.swift`);
    const diagnostic = diagnostics.find((d) => codeOf(d) === exitRule)!;
    assert.equal(editor.document.getText(diagnostic.range), 'exit(0)');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.equal(code.target.scheme, 'command');
    assert.equal(code.target.path, 'urlsessionLint.showRuleDocs');
  });

  it('applies the "Wrap in #if DEBUG" quick fix', async () => {
    const editor = await openSwift('QuickFix.swift', appDelegate);
    const [diagnostic] = (await ourDiagnostics(editor.document.uri, has(exitRule), 'the exit finding')).filter((d) => codeOf(d) === exitRule);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((action) => /#if DEBUG/.test(action.title));
    assert.ok(fix?.edit, `got ${actions.map((action) => action.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await ourDiagnostics(editor.document.uri, hasNot(exitRule), 'the finding to go away');
    assert.match(editor.document.getText(), /#if DEBUG\s*\n\s*exit\(0\)\s*\n\s*#endif/);
  });

  it('fixes safe problems on save with source.fixAll.urlsessionLint', async () => {
    const config = vscode.workspace.getConfiguration('editor', { languageId: 'swift' });
    await config.update('codeActionsOnSave', { 'source.fixAll.urlsessionLint': 'explicit' }, vscode.ConfigurationTarget.Global, true);
    try {
      const editor = await openSwift('FixOnSave.swift', appDelegate);
      await ourDiagnostics(editor.document.uri, has(exitRule), 'the exit finding');
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// edited\n'));
      assert.ok(await editor.document.save());
      assert.match(editor.document.getText(), /#if DEBUG\s*\n\s*exit\(0\)\s*\n\s*#endif/);
    } finally {
      await config.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global, true);
    }
  });

  it('explains isDiscretionary in a hover', async () => {
    const text = 'import Foundation\n\nlet config = URLSessionConfiguration.background(withIdentifier: "x")\nfunc f() {\n    config.isDiscretionary = true\n}\n';
    const editor = await openSwift('Hover.swift', text);
    await ourDiagnostics(editor.document.uri, () => true, 'the first analysis');
    const offset = text.indexOf('isDiscretionary') + 2;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.document.positionAt(offset));
    const markdown = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    assert.match(markdown, /always discretionary/);
  });

  it('turns a rule off from the settings, and on again', async () => {
    const editor = await openSwift('Settings.swift', appDelegate);
    await ourDiagnostics(editor.document.uri, has(exitRule), 'the exit finding');
    const settings = vscode.workspace.getConfiguration('urlsessionLint');
    await settings.update('rules', { [exitRule]: 'off' }, vscode.ConfigurationTarget.Global);
    try {
      await ourDiagnostics(editor.document.uri, hasNot(exitRule), 'the rule to be off');
    } finally {
      await settings.update('rules', undefined, vscode.ConfigurationTarget.Global);
    }
    await ourDiagnostics(editor.document.uri, has(exitRule), 'the rule to be back');
  });

  it('shows the findings and the analysis time in the language status item', async () => {
    const updated = new Promise<void>((resolve) => {
      const subscription = api.status.onDidUpdate((params) => {
        if (params.uri.endsWith('Status.swift')) {
          subscription.dispose();
          resolve();
        }
      });
    });
    await openSwift('Status.swift', appDelegate);
    await updated;
    assert.match(api.status.item.text, /1 finding/);
    assert.match(api.status.item.detail ?? '', /Analyzed in [\d.]+ ms/);
  });

  it('lints the whole workspace on command, closed files included', async function () {
    if (!vscode.workspace.workspaceFolders) this.skip();
    const downloader = vscode.Uri.file(join(folder, 'Sources', 'Downloader.swift'));
    const result = await vscode.commands.executeCommand<{ files: number; infos: number }>('urlsessionLint.lintWorkspace');
    assert.ok(result && result.files >= 1);
    await ourDiagnostics(downloader, has(discretionaryRule), 'findings in a closed file');
  });

  it('opens a rule page as a Markdown preview', async () => {
    const isPreview = (tab: vscode.Tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('markdown.preview');
    const preview = waitFor(
      vscode.window.tabGroups.onDidChangeTabs,
      () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find(isPreview),
      'a Markdown preview tab',
    );
    assert.equal(await vscode.commands.executeCommand('urlsessionLint.showRuleDocs', exitRule), true);
    assert.match((await preview).label, /debug-exit-unguarded/);
  });

  it('inserts a snippet by prefix from the walkthrough command', async () => {
    const editor = await openSwift('Snippet.swift', 'import UIKit\n\nclass AppDelegate: UIResponder, UIApplicationDelegate {\n    \n}\n');
    editor.selection = new vscode.Selection(3, 4, 3, 4);
    assert.equal(await vscode.commands.executeCommand('urlsessionLint.insertSnippet', 'bgDebugExit'), true);
    assert.match(editor.document.getText(), /#if DEBUG[\s\S]*exit\(0\)[\s\S]*#endif/);
  });

  it('restarts the server and keeps linting', async () => {
    await vscode.commands.executeCommand('urlsessionLint.restartServer');
    assert.ok(api.client()?.isRunning());
    const editor = await openSwift('AfterRestart.swift', appDelegate);
    await ourDiagnostics(editor.document.uri, has(exitRule), 'findings after a restart');
  });
});
