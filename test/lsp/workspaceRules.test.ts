// The project-aware rules over LSP, on the example Xcode project: which target a file belongs to,
// the app groups in its entitlements, and the other target's session as related information.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient, rangeOf, repoRoot } from './lspTestClient';

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
    assert.ok(rewrites.every((action) => /orphaned/.test(action.title)));
  });
});
