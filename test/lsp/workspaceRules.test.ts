// The project-aware rules over LSP, on the example Xcode project: which target a file belongs to,
// the app groups in its entitlements, and the other target's session as related information.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient, rangeOf, repoRoot } from './lspTestClient';

const comparePosition = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line - b.line || a.character - b.character;

const root = join(repoRoot, 'examples', 'BackgroundTransfers');
const sharePath = join(root, 'ShareExtension', 'ShareViewController.swift');
const shareText = readFileSync(sharePath, 'utf8');
const byRule = (diagnostics: Diagnostic[], rule: string) => diagnostics.filter((d) => d.code === rule);

describe('workspace rules over LSP (examples/)', () => {
  const client = LspTestClient.start();
  after(() => client.stop());

  it('reports the extension\'s shared identifier and missing app group, and "Set app group" fixes the latter', async () => {
    await client.initialize(root);
    const uri = await client.open(sharePath, shareText, 1);
    const diagnostics = await client.diagnostics(uri, {
      where: (found) => byRule(found, 'extension-missing-shared-container').length > 0 && byRule(found, 'identifier-shared-across-targets').length > 0,
    });
    const [shared] = byRule(diagnostics, 'identifier-shared-across-targets');
    assert.deepEqual(shared.range, rangeOf(shareText, '"com.example.backgroundtransfers.uploads"'));
    assert.match(String(shared.message), /'ShareExtension' and 'BackgroundTransfers'/);
    assert.ok(shared.relatedInformation?.some((info) => info.location.uri.endsWith('/UploadQueue.swift')), 'the app side is related information');

    const [missing] = byRule(diagnostics, 'extension-missing-shared-container');
    const actions = await client.codeActions(uri, missing.range, { diagnostics: [missing] });
    const setGroup = actions.find((action) => action.title === 'Set app group "group.com.example.backgroundtransfers"');
    assert.ok(setGroup, actions.map((action) => action.title).join(' | '));
    const since = client.mark();
    const fixed = await client.applyEdit(setGroup.edit!, uri);
    assert.match(fixed, /let configuration = URLSessionConfiguration\.background\(withIdentifier: "com\.example\.backgroundtransfers\.uploads"\)\n\s+configuration\.sharedContainerIdentifier = "group\.com\.example\.backgroundtransfers"\n/);
    const afterFix = await client.diagnostics(uri, { since, where: (found) => byRule(found, 'extension-missing-shared-container').length === 0 });
    assert.equal(byRule(afterFix, 'identifier-shared-across-targets').length, 1);
  });

  it('offers both bundle-based identifiers as refactorings on a literal identifier', async () => {
    const uri = `file://${sharePath}`;
    const literal = rangeOf(shareText, '"com.example.backgroundtransfers.uploads"');
    const actions = await client.codeActions(uri, { start: literal.start, end: literal.start }, { diagnostics: [], only: ['refactor'] });
    const rewrites = actions.filter((action) => action.kind === 'refactor.rewrite');
    assert.equal(rewrites.length, 2, actions.map((action) => `${action.kind}: ${action.title}`).join(' | '));
    assert.ok(rewrites.every((action) => /orphans in-flight transfers/.test(action.title)));
  });
});

describe('code actions at a background identifier over LSP (examples/)', () => {
  const client = LspTestClient.start();
  after(() => client.stop());

  it('lists each change once: no refactoring repeats a quick fix offered for the same range', async () => {
    await client.initialize(root);
    const uri = await client.open(sharePath, shareText, 1);
    const literal = rangeOf(shareText, '"com.example.backgroundtransfers.uploads"');
    const cursor = { start: literal.start, end: literal.start };
    const diagnostics = (
      await client.diagnostics(uri, { where: (found) => ['extension-missing-shared-container', 'hardcoded-identifier-in-extension', 'identifier-shared-across-targets'].every((rule) => byRule(found, rule).length > 0) })
    ).filter(
      (d) => comparePosition(d.range.start, cursor.start) <= 0 && comparePosition(cursor.end, d.range.end) <= 0,
    );
    assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['extension-missing-shared-container', 'hardcoded-identifier-in-extension', 'identifier-shared-across-targets']);
    // What the lightbulb asks for: every kind, with the diagnostics under the cursor.
    const actions = await client.codeActions(uri, cursor, { diagnostics });
    const listing = actions.map((action) => `${action.kind}: ${action.title}`).join(' | ');
    const edits = actions.map((action) => JSON.stringify(action.edit));
    assert.equal(new Set(edits).size, edits.length, listing);
    assert.equal(actions.filter((action) => action.title.startsWith('Set app group')).length, 1, listing);
    assert.equal(actions.filter((action) => action.kind === 'quickfix' && /bundle/i.test(action.title)).length, 2, listing);
    assert.equal(actions.filter((action) => action.kind?.startsWith('refactor')).length, 0, listing);
  });
});

describe('cross-file findings over LSP (examples/)', () => {
  const client = LspTestClient.start();
  after(() => client.stop());
  const appPath = join(root, 'BackgroundTransfers', 'UploadQueue.swift');
  const shared = (found: Diagnostic[]) => byRule(found, 'identifier-shared-across-targets');

  it("re-publishes the other open document when an edit removes or restores the identifier its warning is about", async () => {
    await client.initialize(root);
    const appUri = await client.open(appPath, readFileSync(appPath, 'utf8'), 1);
    const shareUri = await client.open(sharePath, shareText, 1);
    await client.diagnostics(appUri, { where: (found) => shared(found).length === 1 });
    const [onShare] = shared(await client.diagnostics(shareUri, { where: (found) => shared(found).length === 1 }));

    const actions = await client.codeActions(shareUri, onShare.range, { diagnostics: [onShare] });
    const rewrite = actions.find((action) => action.kind === 'quickfix' && action.title.startsWith('Use a bundle-based identifier'));
    assert.ok(rewrite, actions.map((action) => action.title).join(' | '));
    let since = client.mark();
    await client.applyEdit(rewrite.edit!, shareUri);
    // As an editor does right after an edit: ask for the lightbulb's actions at the cursor (this
    // brings the server up to date with the edit before its own debounced run).
    await client.codeActions(shareUri, onShare.range, { diagnostics: [] });
    await client.diagnostics(appUri, { since, where: (found) => shared(found).length === 0 });

    // Undo: the warning comes back, its related location on the restored literal.
    since = client.mark();
    await client.change(shareUri, [{ text: shareText }]);
    await client.codeActions(shareUri, onShare.range, { diagnostics: [] });
    const [back] = shared(await client.diagnostics(appUri, { since, where: (found) => shared(found).length === 1 }));
    assert.deepEqual(
      back.relatedInformation?.map((info) => [info.location.uri, info.location.range]),
      [[shareUri, rangeOf(shareText, '"com.example.backgroundtransfers.uploads"')]],
    );
  });
});
