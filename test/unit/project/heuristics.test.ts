// No project file: extension folders guessed from Info.plist and principal classes, the rest
// one app; with no evidence at all, one 'default' app for the whole folder.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import test from 'node:test';
import { loadProjectModel } from '../../../server/src/project/projectModel';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'projects');
const dir = join(fixtures, 'loose');
const principal = join(dir, 'Intents', 'IntentHandler.swift');

test('loose: an Info.plist with NSExtension makes its folder (and sub-folders) an extension', () => {
  const model = loadProjectModel(dir);
  assert.deepEqual(model.problems, []);
  const share = model.target('ShareExtension')!;
  assert.equal(share.kind, 'app-extension');
  assert.equal(share.source, 'heuristic');
  assert.equal(share.extensionPointIdentifier, 'com.apple.share-services');
  assert.equal(share.bundleIdentifier, 'com.example.loose.share');
  assert.equal(share.infoPlistFile, join(dir, 'ShareExtension', 'Info.plist'));
  assert.deepEqual(share.appGroups, ['group.com.example.loose']);
  assert.deepEqual(model.targetsForFile(join(dir, 'ShareExtension', 'ShareViewController.swift')), [share]);
  assert.deepEqual(model.targetsForFile(join(dir, 'ShareExtension', 'Support', 'Helper.swift')), [share]);
});

test('loose: the rest is the host app, guessed, with its own Info.plist and entitlements', () => {
  const model = loadProjectModel(dir);
  const app = model.target('loose')!;
  assert.equal(app.kind, 'app');
  assert.equal(app.source, 'heuristic');
  assert.equal(app.bundleIdentifier, 'com.example.loose');
  assert.deepEqual(app.appGroups, ['group.com.example.loose']);
  assert.deepEqual(app.embeds, ['ShareExtension']);
  assert.deepEqual(model.target('ShareExtension')!.hostApps, ['loose']);
  assert.deepEqual(model.targetsForFile(join(dir, 'App', 'Uploader.swift')), [app]);
  // Without the principal-class hint, Intents/ is just app code.
  assert.deepEqual(model.targetsForFile(principal), [app]);
});

test('loose: a file declaring an extension principal class marks its folder as an extension', () => {
  const model = loadProjectModel(dir, { extensionPrincipalFiles: [principal] });
  const intents = model.target('Intents')!;
  assert.equal(intents.kind, 'app-extension');
  assert.equal(intents.source, 'heuristic');
  assert.equal(intents.extensionPointIdentifier, undefined);
  assert.deepEqual(model.targetsForFile(principal), [intents]);
  assert.deepEqual(model.target('loose')!.embeds, ['ShareExtension', 'Intents']);
  assert.deepEqual(intents.hostApps, ['loose']);
});

test('no project file and no evidence: the whole folder is one default app', () => {
  const appDir = join(dir, 'App');
  const model = loadProjectModel(appDir);
  assert.equal(model.targets.length, 1);
  const [app] = model.targets;
  assert.equal(app.name, 'App');
  assert.equal(app.kind, 'app');
  assert.equal(app.source, 'default');
  assert.deepEqual(app.embeds, []);
  assert.deepEqual(model.targetsForFile(join(appDir, 'Uploader.swift')), [app]);
  assert.deepEqual(model.targetsForFile(join(appDir, 'Deep', 'Er', 'New.swift')), [app]);
  // Outside the root, or in skipped folders, nothing is known.
  assert.deepEqual(model.targetsForFile(join(dir, 'Elsewhere.swift')), []);
  assert.deepEqual(model.targetsForFile(join(appDir, '.build', 'checkouts', 'Lib.swift')), []);
});

test('an empty or missing folder models nothing useful but does not throw', () => {
  const model = loadProjectModel(join(fixtures, 'does-not-exist'));
  assert.deepEqual(model.problems, []);
  assert.deepEqual(model.targets.map((target) => [target.kind, target.source]), [['app', 'default']]);
});

test('a project target wins over a heuristic guess for the same files', () => {
  // classic/NotificationService has an Info.plist with NSExtension, but the project claims it.
  const model = loadProjectModel(join(fixtures, 'classic'));
  assert.ok(model.targets.every((target) => target.source === 'xcodeproj'));
});
