// The extension in a real VS Code, on the examples/ workspace: activation, the share extension's
// findings with rule links, quick fixes, fix-all, hovers, snippets, settings, the status item and
// the commands. Files of examples/ are only changed in memory and reverted; new files go to a
// temp folder outside the workspace.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { UrlsessionLintApi } from '../../../client/src/extension';
import { codeOf, ourDiagnostics, waitFor } from './waits';

const extensionId = 'urlsession-lint.urlsession-background-lint';
const exitRule = 'debug-exit-unguarded';
const sharedIdentifierRule = 'identifier-shared-across-targets';
const missingContainerRule = 'extension-missing-shared-container';
const discretionaryRule = 'discretionary-transfer';
const appGroup = 'group.com.example.backgroundtransfers';
const ourCommands = ['urlsessionLint.lintWorkspace', 'urlsessionLint.restartServer', 'urlsessionLint.showRuleDocs', 'urlsessionLint.insertSnippet'];

const appDelegate = `import UIKit

class AppDelegate: UIResponder, UIApplicationDelegate {
    func applicationDidEnterBackground(_ application: UIApplication) {
        exit(0)
    }
}
`;

let api: UrlsessionLintApi;
let project: string;
let scratch: string;

const example = (path: string) => vscode.Uri.file(join(project, path));
const shareViewController = () => example('ShareExtension/ShareViewController.swift');
const appDelegateFile = () => example('BackgroundTransfers/AppDelegate.swift');
const downloadServiceFile = () => example('BackgroundTransfers/BackgroundDownloadService.swift');

async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

/** A new Swift file in the temp folder (outside the workspace), opened in an editor. */
async function openScratch(name: string, text: string): Promise<vscode.TextEditor> {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return open(vscode.Uri.file(path));
}

/** Throws away the in-memory edits of `document`, and waits until the editor says so. */
async function revert(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  const disk = readFileSync(document.uri.fsPath, 'utf8');
  await waitFor(vscode.workspace.onDidChangeTextDocument, () => !document.isDirty && document.getText() === disk, `${document.uri.fsPath} to be reverted`).catch((error: Error) => {
    const active = vscode.window.activeTextEditor?.document;
    throw new Error(`${error.message} (active editor ${active?.uri.fsPath}, dirty ${document.isDirty}, text as on disk ${document.getText() === disk})`);
  });
}

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind.value)) ?? [];
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
}

/**
 * For a failure message: the editor asked again, and the language server asked directly. (Twice
 * in about 170 runs the editor offered none of the extension's quick fixes here; this tells
 * whether the server or the editor side dropped them.)
 */
async function whatTheServerOffers(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<string> {
  const again = await codeActions(document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix);
  const range = { start: { line: diagnostic.range.start.line, character: diagnostic.range.start.character }, end: { line: diagnostic.range.end.line, character: diagnostic.range.end.character } };
  const direct = await api.client()?.sendRequest<{ title: string }[] | null>('textDocument/codeAction', {
    textDocument: { uri: document.uri.toString() },
    range,
    context: { diagnostics: [{ range, message: diagnostic.message, source: 'urlsession-lint', code: codeOf(diagnostic) }], only: ['quickfix'] },
  });
  return (
    `document version ${document.version}, diagnostics ${JSON.stringify(vscode.languages.getDiagnostics(document.uri).map((d) => [codeOf(d), d.range.start.line]))}; ` +
    `asked again, the editor offers: ${again.map((action) => action.title).join(', ')}; the server, asked directly: ${JSON.stringify(direct?.map((action) => action.title))}`
  );
}

const has = (...rules: string[]) => (diagnostics: vscode.Diagnostic[]) => rules.every((rule) => diagnostics.some((d) => codeOf(d) === rule));
const hasNot = (rule: string) => (diagnostics: vscode.Diagnostic[]) => !diagnostics.some((d) => codeOf(d) === rule);
const only = (rule: string, diagnostics: vscode.Diagnostic[]) => {
  const found = diagnostics.filter((d) => codeOf(d) === rule);
  assert.equal(found.length, 1, `one ${rule}, got ${diagnostics.map(codeOf).join(', ')}`);
  return found[0];
};

describe('URLSession Background Lint in VS Code', () => {
  before(async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the editor opened the examples/ folder');
    project = join(root, 'BackgroundTransfers');
    scratch = mkdtempSync(join(tmpdir(), 'urlsession-lint-editor-'));
    assert.ok(vscode.extensions.getExtension(extensionId), `${extensionId} is not installed`);
    // VS Code in the browser saves files a second after each edit by default: the in-memory edits
    // of examples/ would reach the disk.
    const files = vscode.workspace.getConfiguration('files');
    if (files.get('autoSave') !== 'off') await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    assert.equal(vscode.workspace.getConfiguration('files').get('autoSave'), 'off', 'files.autoSave is off');
  });

  after(async () => {
    // Temp files may be saved; a file of examples/ is only ever reverted.
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file')) {
      if (document.uri.fsPath.startsWith(scratch)) assert.ok(await document.save(), `saved ${document.uri.fsPath}`);
      else await revert(document);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(scratch, { recursive: true, force: true });
  });

  it('activates on the Swift files of examples/ and reports the share extension\'s findings with rule links', async () => {
    const editor = await open(shareViewController());
    // Nothing here activates the extension: the findings can only come from it activating itself.
    const diagnostics = await ourDiagnostics(editor.document.uri, has(sharedIdentifierRule, missingContainerRule), 'the share extension findings');
    const extension = vscode.extensions.getExtension<UrlsessionLintApi>(extensionId)!;
    assert.ok(extension.isActive);
    api = extension.exports;
    assert.ok(api.client()?.isRunning(), 'the language server runs');

    const literal = '"com.example.backgroundtransfers.uploads"';
    for (const [rule, severity] of [
      [sharedIdentifierRule, vscode.DiagnosticSeverity.Warning],
      [missingContainerRule, vscode.DiagnosticSeverity.Error],
    ] as const) {
      const diagnostic = only(rule, diagnostics);
      assert.equal(diagnostic.severity, severity, rule);
      assert.equal(diagnostic.range.start.line, 32, `${rule} is on line 33`);
      assert.ok(editor.document.lineAt(32).text.includes(literal));
      const code = diagnostic.code as { value: string; target: vscode.Uri };
      assert.equal(code.value, rule);
      // The editor's own scheme, to this extension's URI handler: hovers do not open command links.
      assert.equal(code.target.scheme, vscode.env.uriScheme);
      assert.equal(code.target.authority, extensionId);
      assert.equal(code.target.path, `/rule/${rule}`);
    }
    const shared = only(sharedIdentifierRule, diagnostics);
    assert.ok(
      shared.relatedInformation?.some((related) => related.location.uri.fsPath.endsWith('UploadQueue.swift')),
      'the app side of the shared identifier is the related location',
    );
  });

  it('opens the rule page from a diagnostic\'s link as a Markdown preview, through the editor\'s opener', async () => {
    const [diagnostic] = await ourDiagnostics(shareViewController(), has(missingContainerRule), 'the missing container finding');
    const isPreview = (tab: vscode.Tab) =>
      tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('markdown.preview') && tab.label.includes(missingContainerRule);
    const preview = waitFor(
      vscode.window.tabGroups.onDidChangeTabs,
      () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find(isPreview),
      `a Markdown preview of ${missingContainerRule}`,
    );
    const link = vscode.languages.getDiagnostics(shareViewController()).find((d) => codeOf(d) === missingContainerRule) ?? diagnostic;
    // What the hover and the Problems panel do with a click: hand the link to the editor's opener.
    await vscode.commands.executeCommand('vscode.open', (link.code as { target: vscode.Uri }).target);
    await preview;
  });

  it('lints the whole workspace on command, closed files included', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; filesWithFindings: number; errors: number; warnings: number; infos: number }>(
      'urlsessionLint.lintWorkspace',
    );
    // examples/README.md lists the expected findings: 3 errors, 2 warnings, 1 info in 4 of 7 files.
    assert.deepEqual(
      result && { files: result.files, filesWithFindings: result.filesWithFindings, errors: result.errors, warnings: result.warnings, infos: result.infos },
      { files: 7, filesWithFindings: 4, errors: 3, warnings: 2, infos: 2 },
    );
    await ourDiagnostics(downloadServiceFile(), has(discretionaryRule, 'background-upload-from-data'), 'findings in a closed file');
    await ourDiagnostics(example('BackgroundTransfers/UploadQueue.swift'), has(sharedIdentifierRule), 'the app side of the shared identifier');
  });

  it('applies the "Set app group" quick fix in memory, and the finding goes away', async () => {
    const editor = await open(shareViewController());
    const diagnostic = only(missingContainerRule, await ourDiagnostics(editor.document.uri, has(missingContainerRule), 'the missing container finding'));
    const actions = await codeActions(editor.document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix);
    const fix = actions.find((action) => action.title === `Set app group "${appGroup}"`);
    if (!fix) assert.fail(`got ${actions.map((action) => action.title).join(', ')}; ${await whatTheServerOffers(editor.document, diagnostic)}`);
    assert.ok(fix.edit);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    try {
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.ok(editor.document.isDirty);
      assert.match(editor.document.getText(), new RegExp(`configuration\\.sharedContainerIdentifier = "${appGroup.replace(/\./g, '\\.')}"`));
      const after = await ourDiagnostics(editor.document.uri, hasNot(missingContainerRule), 'the missing container finding to go away');
      assert.ok(after.some((d) => codeOf(d) === sharedIdentifierRule), 'the shared identifier is still reported');
    } finally {
      await revert(editor.document);
    }
    await ourDiagnostics(editor.document.uri, has(missingContainerRule), 'the finding to be back after the revert');
  });

  it('updates the other file\'s shared-identifier warning when a quick fix changes the identifier', async () => {
    const app = await open(example('BackgroundTransfers/UploadQueue.swift'));
    await ourDiagnostics(app.document.uri, has(sharedIdentifierRule), 'the app side of the shared identifier');
    const editor = await open(shareViewController());
    const diagnostic = only(sharedIdentifierRule, await ourDiagnostics(editor.document.uri, has(sharedIdentifierRule), 'the shared identifier finding'));
    const actions = await codeActions(editor.document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix);
    const fix = actions.find((action) => action.title.startsWith('Use a bundle-based identifier'));
    if (!fix?.edit) assert.fail(`got ${actions.map((action) => action.title).join(', ')}`);
    try {
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      // Only the share extension's document changed: the app's warning goes all the same.
      await ourDiagnostics(app.document.uri, hasNot(sharedIdentifierRule), 'the app side\'s warning to go away');
      assert.equal(app.document.isDirty, false);
    } finally {
      await revert(editor.document);
    }
    const [back] = await ourDiagnostics(app.document.uri, has(sharedIdentifierRule), 'the app side\'s warning to be back after the revert').then((found) =>
      found.filter((d) => codeOf(d) === sharedIdentifierRule),
    );
    const related = back.relatedInformation?.find((info) => info.location.uri.fsPath === editor.document.uri.fsPath);
    assert.ok(related, 'the share extension\'s identifier is the related location');
    assert.equal(editor.document.getText(related.location.range), '"com.example.backgroundtransfers.uploads"');
  });

  it('applies only safe fixes with source.fixAll.urlsessionLint', async () => {
    const fixAll = vscode.CodeActionKind.SourceFixAll.append('urlsessionLint');
    const editor = await open(appDelegateFile());
    const original = editor.document.getText();
    const exit = only(exitRule, await ourDiagnostics(editor.document.uri, has(exitRule), 'the exit finding on AppDelegate.swift'));
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const [action, ...more] = await codeActions(editor.document.uri, whole, fixAll);
    assert.equal(more.length, 0);
    assert.equal(action?.kind?.value, fixAll.value);
    assert.ok(action.edit);
    try {
      assert.ok(await vscode.workspace.applyEdit(action.edit));
      const fixed = editor.document.getText();
      assert.match(fixed, /#if DEBUG\s*\n\s*exit\(0\)\s*\n\s*#endif/);
      // Only the exit(0) line changed: everything before and after it is as it was.
      const exitLine = original.split('\n')[exit.range.start.line];
      const [before, rest] = original.split(`${exitLine}\n`);
      assert.ok(fixed.startsWith(before) && fixed.endsWith(rest), `fix-all changed more than the exit:\n${fixed}`);
      await ourDiagnostics(editor.document.uri, hasNot(exitRule), 'the exit finding to go away');
    } finally {
      await revert(editor.document);
    }

    // BackgroundDownloadService.swift has only findings whose fixes are not safe: nothing to do.
    const service = await open(downloadServiceFile());
    await ourDiagnostics(service.document.uri, has(discretionaryRule, 'background-upload-from-data'), 'the service findings');
    const serviceActions = await codeActions(service.document.uri, new vscode.Range(0, 0, service.document.lineCount, 0), fixAll);
    assert.deepEqual(serviceActions.filter((a) => a.edit && a.edit.size > 0).map((a) => a.title), []);
  });

  it('fixes safe problems on save of a temp copy with editor.codeActionsOnSave', async () => {
    const config = vscode.workspace.getConfiguration('editor', { languageId: 'swift' });
    await config.update('codeActionsOnSave', { 'source.fixAll.urlsessionLint': 'explicit' }, vscode.ConfigurationTarget.Global, true);
    try {
      const editor = await openScratch('FixOnSave.swift', appDelegate);
      await ourDiagnostics(editor.document.uri, has(exitRule), 'the exit finding');
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// edited\n'));
      assert.ok(await editor.document.save());
      assert.match(editor.document.getText(), /#if DEBUG\s*\n\s*exit\(0\)\s*\n\s*#endif/);
      assert.equal(readFileSync(editor.document.uri.fsPath, 'utf8'), editor.document.getText());
    } finally {
      await config.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global, true);
    }
  });

  it('answers hovers on isDiscretionary and handleEventsForBackgroundURLSession', async () => {
    for (const [uri, word, expected] of [
      [downloadServiceFile(), 'isDiscretionary', /always discretionary/],
      [appDelegateFile(), 'handleEventsForBackgroundURLSession', /Testing background transfers/],
    ] as const) {
      const editor = await open(uri);
      const offset = editor.document.getText().indexOf(word) + 2;
      assert.ok(offset > 1, `${word} in ${uri.fsPath}`);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, editor.document.positionAt(offset));
      assert.match(hoverText(hovers), expected, word);
    }
  });

  it('contributes the snippets: bgConfiguration by name and by completion', async () => {
    const editor = await openScratch('Snippet.swift', 'import Foundation\n\n');
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'swift', name: 'Background configuration (bundle-based identifier)' });
    const text = editor.document.getText();
    assert.match(text, /let configuration = URLSessionConfiguration\.background\(withIdentifier: "\\\(Bundle\.main\.bundleIdentifier!\)\.background"\)/);
    assert.match(text, /let session = URLSession\(configuration: configuration, delegate: self, delegateQueue: nil\)/);

    const last = () => editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit((edit) => edit.insert(last(), '\nbg'));
    const end = last();
    const completions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, end);
    const labels = completions.items.map((item) => `${typeof item.label === 'string' ? item.label : item.label.label}:${item.kind}`);
    for (const prefix of ['bgConfiguration', 'bgSessionCache', 'bgUploadFromFile', 'bgHandleEvents', 'bgDebugExit']) {
      assert.ok(labels.includes(`${prefix}:${vscode.CompletionItemKind.Snippet}`), `snippet ${prefix} among ${labels.join(', ')}`);
    }
  });

  it('inserts a snippet by prefix from the walkthrough command', async () => {
    const editor = await openScratch('WalkthroughSnippet.swift', 'import UIKit\n\nclass AppDelegate: UIResponder, UIApplicationDelegate {\n    \n}\n');
    editor.selection = new vscode.Selection(3, 4, 3, 4);
    assert.equal(await vscode.commands.executeCommand('urlsessionLint.insertSnippet', 'bgDebugExit'), true);
    assert.match(editor.document.getText(), /#if DEBUG[\s\S]*exit\(0\)[\s\S]*#endif/);
  });

  it('turns a rule off from the settings, and on again', async () => {
    const uri = shareViewController();
    await open(uri);
    await ourDiagnostics(uri, has(missingContainerRule), 'the missing container finding');
    const settings = vscode.workspace.getConfiguration('urlsessionLint');
    await settings.update('rules', { [missingContainerRule]: 'off' }, vscode.ConfigurationTarget.Global);
    try {
      await ourDiagnostics(uri, hasNot(missingContainerRule), 'the rule to be off');
    } finally {
      await settings.update('rules', undefined, vscode.ConfigurationTarget.Global);
    }
    await ourDiagnostics(uri, has(missingContainerRule), 'the rule to be back');
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
    await openScratch('Status.swift', appDelegate);
    await updated;
    assert.match(api.status.item.text, /1 finding/);
    assert.equal(api.status.item.accessibilityInformation?.label, 'URLSession Lint: 1 finding', 'read without the icon');
    assert.match(api.status.item.detail ?? '', /Analyzed in [\d.]+ ms/);
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.deepEqual(ourCommands.filter((command) => !commands.includes(command)), []);
  });

  it('opens the testing walkthrough from the command the hovers link to', async () => {
    const isWalkthrough = () =>
      vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.isActive && tab.label === 'Welcome');
    await vscode.commands.executeCommand('urlsessionLint.openWalkthrough');
    await waitFor(vscode.window.tabGroups.onDidChangeTabs, isWalkthrough, 'the walkthrough tab');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('restarts the server and keeps linting', async () => {
    await vscode.commands.executeCommand('urlsessionLint.restartServer');
    assert.ok(api.client()?.isRunning());
    const editor = await openScratch('AfterRestart.swift', appDelegate);
    await ourDiagnostics(editor.document.uri, has(exitRule), 'findings after a restart');
  });
});
