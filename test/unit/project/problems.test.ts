// Malformed project and plist files: one problem each, the rest of the model still loads.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import test from 'node:test';
import { loadProjectModel } from '../../../server/src/project/projectModel';

const dir = join(__dirname, '..', '..', 'fixtures', 'projects', 'broken');

test('broken: one clear problem per malformed file', () => {
  const model = loadProjectModel(dir);
  const byFile = new Map(model.problems.map((problem) => [problem.file, problem.message]));
  assert.equal(model.problems.length, 4, JSON.stringify(model.problems, null, 2));
  assert.match(
    byFile.get(join(dir, 'Broken.xcodeproj', 'project.pbxproj'))!,
    /^Broken\.xcodeproj\/project\.pbxproj is not a valid project file: Unexpected end of input .*line \d+/,
  );
  assert.match(byFile.get(join(dir, 'Widget', 'Widget.entitlements'))!, /^Entitlements file Widget\.entitlements is not a valid property list: <\/dict> closes an <array> \(line 8\)$/);
  assert.match(byFile.get(join(dir, 'Tool', 'project.yml'))!, /^XcodeGen spec project\.yml is not valid YAML: .*line 6/);
  assert.match(byFile.get(join(dir, 'Legacy', 'Info.plist'))!, /binary plist/);
});

test('broken: the rest of the model still loads', () => {
  const model = loadProjectModel(dir);
  const widget = model.target('Widget')!;
  assert.equal(widget.kind, 'widget-extension');
  assert.equal(widget.source, 'heuristic');
  assert.equal(widget.entitlementsFile, join(dir, 'Widget', 'Widget.entitlements'));
  assert.equal(widget.appGroups, undefined); // unreadable, so unknown
  assert.deepEqual(model.targetsForFile(join(dir, 'Widget', 'Widget.swift')), [widget]);
  assert.deepEqual(model.targetsForFile(join(dir, 'App', 'App.swift')).map((target) => target.kind), ['app']);
});

test('loading twice gives the same problems (no state leaks between models)', () => {
  assert.deepEqual(loadProjectModel(dir).problems, loadProjectModel(dir).problems);
});
