// The pbxproj reader through loadProjectModel: classic build-phase projects, Xcode 16
// synchronized folders, and the example project the demo and editor tests use.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import test from 'node:test';
import { loadProjectModel, loadProjectModelGradually, type ProjectModel } from '../../../server/src/project/projectModel';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'projects');
const classicDir = join(fixtures, 'classic');
const syncDir = join(fixtures, 'synchronized');
const examplesDir = join(__dirname, '..', '..', '..', 'examples');

const names = (model: ProjectModel, file: string) => model.targetsForFile(file).map((target) => target.name).sort();

test('classic: targets, kinds, product types and source', () => {
  const model = loadProjectModel(classicDir);
  assert.deepEqual(model.problems, []);
  assert.deepEqual(
    model.targets.map((target) => [target.name, target.kind, target.productType, target.source]),
    [
      ['ClassicApp', 'app', 'com.apple.product-type.application', 'xcodeproj'],
      ['NotificationService', 'app-extension', 'com.apple.product-type.app-extension', 'xcodeproj'],
      ['ClassicTests', 'tests', 'com.apple.product-type.bundle.unit-test', 'xcodeproj'],
    ],
  );
  for (const target of model.targets) assert.equal(target.projectFile, join(classicDir, 'Classic.xcodeproj', 'project.pbxproj'));
});

test('classic: Swift files of each target through groups, name-only groups and SOURCE_ROOT', () => {
  const model = loadProjectModel(classicDir);
  assert.deepEqual(names(model, join(classicDir, 'App', 'AppDelegate.swift')), ['ClassicApp']);
  assert.deepEqual(names(model, join(classicDir, 'App', 'UploadManager.swift')), ['ClassicApp']);
  // Shared/Logger.swift sits in a group with a name but no path, and is compiled into two targets.
  assert.deepEqual(names(model, join(classicDir, 'Shared', 'Logger.swift')), ['ClassicApp', 'NotificationService']);
  assert.deepEqual(names(model, join(classicDir, 'Generated', 'Secrets.swift')), ['ClassicApp']);
  assert.deepEqual(names(model, join(classicDir, 'NotificationService', 'NotificationService.swift')), ['NotificationService']);
  assert.deepEqual(names(model, join(classicDir, 'Tests', 'ClassicTests.swift')), ['ClassicTests']);
  // On disk, in no target, and the project describes an app: no guess.
  assert.deepEqual(names(model, join(classicDir, 'Scripts', 'Unlisted.swift')), []);
  assert.deepEqual(names(model, join(classicDir, 'App', 'Missing.swift')), []);
});

test('classic: Debug build settings with $(VAR) substitution; unresolved values stay undefined', () => {
  const model = loadProjectModel(classicDir);
  const app = model.target('ClassicApp')!;
  // com.example.$(PRODUCT_NAME:rfc1034identifier), PRODUCT_NAME = $(TARGET_NAME); Release says com.example.release.
  assert.equal(app.bundleIdentifier, 'com.example.ClassicApp');
  assert.equal(app.infoPlistFile, join(classicDir, 'App', 'Info.plist')); // $(SRCROOT)/App/Info.plist
  assert.equal(app.entitlementsFile, join(classicDir, 'App', 'App.entitlements'));
  assert.equal(app.deploymentTarget, '15.0'); // the target overrides the project's 14.0

  const extension = model.target('NotificationService')!;
  // $(APP_BUNDLE_ID).$(TARGET_NAME), APP_BUNDLE_ID defined on the project.
  assert.equal(extension.bundleIdentifier, 'com.example.ClassicApp.NotificationService');
  assert.equal(extension.entitlementsFile, join(classicDir, 'NotificationService', 'NotificationService.entitlements')); // $(PROJECT_DIR)/…
  assert.equal(extension.extensionPointIdentifier, 'com.apple.usernotifications.service');
  assert.equal(extension.deploymentTarget, '14.0');

  // $(ORGANIZATION_PREFIX) is defined nowhere: never guessed.
  const tests = model.target('ClassicTests')!;
  assert.equal(tests.bundleIdentifier, undefined);
  assert.equal(tests.infoPlistFile, undefined);
  assert.equal(tests.appGroups, undefined);
});

test('classic: app groups from entitlements; $(TeamIdentifierPrefix) makes them unknown', () => {
  const model = loadProjectModel(classicDir);
  assert.deepEqual(model.target('ClassicApp')!.appGroups, ['group.com.example.classic', 'group.com.example.shared']);
  assert.equal(model.target('NotificationService')!.appGroups, undefined);
});

test('classic: embedding from the PlugIns copy phase, and the inverse hostApps', () => {
  const model = loadProjectModel(classicDir);
  assert.deepEqual(model.target('ClassicApp')!.embeds, ['NotificationService']);
  assert.deepEqual(model.target('ClassicApp')!.hostApps, []);
  assert.deepEqual(model.target('NotificationService')!.hostApps, ['ClassicApp']);
  // The test bundle depends on the app but embeds nothing and is embedded by nothing.
  assert.deepEqual(model.target('ClassicTests')!.embeds, []);
  assert.deepEqual(model.target('ClassicTests')!.hostApps, []);
});

test('synchronized: folder membership with exception sets excluding and adding files', () => {
  const model = loadProjectModel(syncDir);
  assert.deepEqual(model.problems, []);
  assert.deepEqual(model.targets.map((target) => [target.name, target.kind]), [
    ['SyncApp', 'app'],
    ['ShareExt', 'app-extension'],
  ]);
  assert.deepEqual(names(model, join(syncDir, 'SyncApp', 'SyncApp.swift')), ['SyncApp']);
  // Excluded from the extension by its exception set, though it sits in the extension's folder.
  assert.deepEqual(names(model, join(syncDir, 'ShareExt', 'DebugMenu.swift')), []);
  assert.deepEqual(names(model, join(syncDir, 'ShareExt', 'ShareViewController.swift')), ['ShareExt']);
  // An exception set for ShareExt on the app's folder makes the file a member of both.
  assert.deepEqual(names(model, join(syncDir, 'SyncApp', 'Models', 'Upload.swift')), ['ShareExt', 'SyncApp']);
  // A whole sub-folder excluded from the app.
  assert.deepEqual(names(model, join(syncDir, 'SyncApp', 'Legacy', 'OldUploader.swift')), []);
  // Files that appear later in a synchronized folder belong to it without any project change.
  assert.deepEqual(names(model, join(syncDir, 'SyncApp', 'Features', 'NotYetWritten.swift')), ['SyncApp']);
});

test('synchronized: settings, generated Info.plist, entitlements and embedding', () => {
  const model = loadProjectModel(syncDir);
  const app = model.target('SyncApp')!;
  assert.equal(app.bundleIdentifier, 'com.example.SyncApp');
  assert.equal(app.infoPlistFile, undefined); // GENERATE_INFOPLIST_FILE without INFOPLIST_FILE
  assert.deepEqual(app.appGroups, ['group.com.example.sync']);
  assert.equal(app.deploymentTarget, '17.0');
  assert.deepEqual(app.embeds, ['ShareExt']);
  const extension = model.target('ShareExt')!;
  assert.equal(extension.extensionPointIdentifier, 'com.apple.share-services');
  assert.deepEqual(extension.hostApps, ['SyncApp']);
});

test('examples/: the demo project models as app + share extension + widget', () => {
  const model = loadProjectModel(examplesDir);
  assert.deepEqual(model.problems, []);
  assert.deepEqual(
    model.targets.map((target) => [target.name, target.kind, target.bundleIdentifier]),
    [
      ['BackgroundTransfers', 'app', 'com.example.backgroundtransfers'],
      ['ShareExtension', 'app-extension', 'com.example.backgroundtransfers.ShareExtension'],
      ['TransfersWidget', 'widget-extension', 'com.example.backgroundtransfers.TransfersWidget'],
    ],
  );
  const root = join(examplesDir, 'BackgroundTransfers');
  assert.equal(model.target('ShareExtension')!.extensionPointIdentifier, 'com.apple.share-services');
  assert.equal(model.target('TransfersWidget')!.extensionPointIdentifier, 'com.apple.widgetkit-extension');
  for (const name of ['BackgroundTransfers', 'ShareExtension', 'TransfersWidget']) {
    assert.deepEqual(model.target(name)!.appGroups, ['group.com.example.backgroundtransfers'], name);
    assert.equal(model.target(name)!.deploymentTarget, '16.0');
  }
  assert.deepEqual(model.target('BackgroundTransfers')!.embeds, ['ShareExtension', 'TransfersWidget']);
  assert.deepEqual(model.target('ShareExtension')!.hostApps, ['BackgroundTransfers']);
  assert.deepEqual(model.target('TransfersWidget')!.hostApps, ['BackgroundTransfers']);
  assert.deepEqual(names(model, join(root, 'BackgroundTransfers', 'BackgroundDownloadService.swift')), ['BackgroundTransfers']);
  assert.deepEqual(names(model, join(root, 'ShareExtension', 'ShareViewController.swift')), ['ShareExtension']);
  assert.deepEqual(names(model, join(root, 'TransfersWidget', 'TransfersWidget.swift')), ['TransfersWidget']);
  assert.deepEqual(names(model, join(root, 'Shared', 'TransferStatusStore.swift')), ['BackgroundTransfers', 'TransfersWidget']);
});

test('targetsForFile normalizes the path it is given', () => {
  const model = loadProjectModel(classicDir);
  assert.deepEqual(names(model, join(classicDir, 'App', '..', 'Shared', '.', 'Logger.swift')), ['ClassicApp', 'NotificationService']);
  assert.equal(model.target('NoSuchTarget'), undefined);
});

test('the gradual load reads the same model, stepping between folders and project files', async () => {
  let steps = 0;
  const gradual = await loadProjectModelGradually(classicDir, {}, async () => {
    steps++;
  });
  const whole = loadProjectModel(classicDir);
  assert.deepEqual(gradual.targets, whole.targets);
  assert.deepEqual(gradual.problems, whole.problems);
  // At least the root folder, the .xcodeproj's parent folders and the project file itself.
  assert.ok(steps >= 2, `${steps} steps`);
});
