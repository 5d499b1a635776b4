// Tuist Project.swift: targets read with the Swift grammar (literal `.target(…)` calls), sources
// as globs, Info.plist and entitlements by path or `.file(path:)`, embedded extensions.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import test, { before } from 'node:test';
import { loadSwiftParser } from '../../../server/src/parse/swiftParser';
import { loadProjectModel } from '../../../server/src/project/projectModel';

before(async () => {
  await loadSwiftParser();
});

const dir = join(__dirname, '..', '..', 'fixtures', 'projects', 'tuist');

test('tuist: targets, kinds and bundle identifiers; a helper-made target is not guessed', () => {
  const model = loadProjectModel(dir);
  assert.deepEqual(model.problems, []);
  assert.deepEqual(
    model.targets.filter((target) => target.source === 'tuist').map((target) => [target.name, target.kind, target.bundleIdentifier]),
    [
      ['TuApp', 'app', 'com.example.tu'],
      ['TuShare', 'app-extension', 'com.example.tu.share'],
      ['TuKit', 'framework', 'com.example.tu.kit'],
    ],
  );
  assert.equal(model.target('TuShare')!.extensionPointIdentifier, 'com.apple.share-services');
  assert.equal(model.target('TuApp')!.projectFile, join(dir, 'Project.swift'));
});

test('tuist: sources globs, a file listed in two targets, and what no glob covers', () => {
  const model = loadProjectModel(dir);
  const names = (file: string) => model.targetsForFile(join(dir, file)).filter((target) => target.source === 'tuist').map((target) => target.name).sort();
  assert.deepEqual(names('TuApp/TuApp.swift'), ['TuApp']);
  assert.deepEqual(names('TuApp/Shared.swift'), ['TuApp', 'TuShare']);
  assert.deepEqual(names('TuShare/ShareViewController.swift'), ['TuShare']);
  assert.deepEqual(names('TuKit/Sources/Kit.swift'), ['TuKit']);
  assert.deepEqual(names('TuKit/Generated/Resources.swift'), []);
});

test('tuist: app groups, embedded extensions and linked frameworks', () => {
  const model = loadProjectModel(dir);
  assert.deepEqual(model.target('TuApp')!.appGroups, ['group.com.example.tu']);
  assert.deepEqual(model.target('TuShare')!.appGroups, ['group.com.example.tu']);
  assert.equal(model.target('TuKit')!.appGroups, undefined);
  assert.deepEqual(model.target('TuApp')!.embeds, ['TuShare']);
  assert.deepEqual(model.target('TuApp')!.links, ['TuKit']);
  assert.deepEqual(model.target('TuShare')!.links, ['TuKit']);
});
