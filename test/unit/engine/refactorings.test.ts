// Refactorings offered on any background configuration, with or without a finding.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { applyEdits } from '../../../server/src/fixes/applyEdits';
import { lintFolder } from '../../support/lintFixture';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'rules');

test('a literal identifier gets both bundle-based rewrites, each saying what renaming costs', async () => {
  const dir = join(fixtures, 'hardcoded-identifier-in-extension');
  const file = join(dir, 'App', 'AppTransfers.swift');
  const { engine } = await lintFolder(dir);
  const line = readFileSync(file, 'utf8').split('\n').findIndex((text) => text.includes('com.example.hardcoded.app'));
  const actions = engine.refactorings(file, { start: { line, character: 60 }, end: { line, character: 60 } });
  const rewrites = actions.filter((action) => action.kind === 'refactor.rewrite');
  assert.equal(rewrites.length, 2);
  assert.ok(rewrites.every((action) => action.title.includes('orphans in-flight transfers')));
  const text = readFileSync(file, 'utf8');
  const rewritten = applyEdits(text, rewrites[0].edits);
  assert.ok(rewritten.includes('withIdentifier: "\\(Bundle.main.bundleIdentifier!).app")'), rewritten);
});

test('a background configuration without a shared container gets "Set app group" with the entitled group', async () => {
  const dir = join(fixtures, 'extension-missing-shared-container');
  const file = join(dir, 'Ext', 'Uploader.swift');
  const { engine } = await lintFolder(dir);
  const text = readFileSync(file, 'utf8');
  const line = text.split('\n').findIndex((lineText) => lineText.includes('.upload")'));
  const actions = engine.refactorings(file, { start: { line, character: 70 }, end: { line, character: 70 } });
  const setGroup = actions.filter((action) => action.kind === 'refactor');
  assert.deepEqual(setGroup.map((action) => action.title), ['Set app group "group.com.example.containers"']);
  const fixed = applyEdits(text, setGroup[0].edits).split('\n');
  assert.equal(fixed[line + 1], '        configuration.sharedContainerIdentifier = "group.com.example.containers"');
});

test('no refactoring away from background configurations', async () => {
  const dir = join(fixtures, 'extension-missing-shared-container');
  const file = join(dir, 'Ext', 'Uploader.swift');
  const { engine } = await lintFolder(dir);
  assert.deepEqual(engine.refactorings(file, { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }), []);
});
