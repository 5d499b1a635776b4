// XcodeGen project.yml: types, sources with excludes, inline and file-based Info.plist and
// entitlements, settings with substitution, and embedded dependencies.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import test from 'node:test';
import { loadProjectModel } from '../../../server/src/project/projectModel';

const dir = join(__dirname, '..', '..', 'fixtures', 'projects', 'xcodegen');
const model = loadProjectModel(dir);
const names = (file: string) => model.targetsForFile(join(dir, file)).map((target) => target.name).sort();

test('xcodegen: targets and kinds (a widget is known by its Info.plist file)', () => {
  assert.deepEqual(model.problems, []);
  assert.deepEqual(
    model.targets.map((target) => [target.name, target.kind, target.productType, target.source]),
    [
      ['GenApp', 'app', 'com.apple.product-type.application', 'xcodegen'],
      ['GenShare', 'app-extension', 'com.apple.product-type.app-extension', 'xcodegen'],
      ['GenWidget', 'widget-extension', 'com.apple.product-type.app-extension', 'xcodegen'],
      ['GenKit', 'framework', 'com.apple.product-type.framework', 'xcodegen'],
    ],
  );
  assert.equal(model.target('GenApp')!.projectFile, join(dir, 'project.yml'));
});

test('xcodegen: sources, excludes and a folder shared by two targets', () => {
  assert.deepEqual(names('GenApp/GenApp.swift'), ['GenApp']);
  assert.deepEqual(names('GenApp/ContentView.swift'), ['GenApp']);
  assert.deepEqual(names('GenApp/ContentPreviews.swift'), []); // **/*Preview*.swift
  assert.deepEqual(names('GenApp/Scratch/Try.swift'), []); // excluded folder
  assert.deepEqual(names('Shared/Model.swift'), ['GenApp', 'GenShare']);
  assert.deepEqual(names('GenShare/ShareViewController.swift'), ['GenShare']);
  assert.deepEqual(names('GenWidget/GenWidget.swift'), ['GenWidget']);
  assert.deepEqual(names('GenKit/Kit.swift'), ['GenKit']);
});

test('xcodegen: bundle identifiers from bundleIdPrefix and settings', () => {
  assert.equal(model.target('GenApp')!.bundleIdentifier, 'com.example.gen.GenApp');
  assert.equal(model.target('GenShare')!.bundleIdentifier, 'com.example.gen.GenApp.share'); // $(APP_ID).share
  assert.equal(model.target('GenWidget')!.bundleIdentifier, 'com.example.gen.GenWidget');
  assert.equal(model.target('GenKit')!.bundleIdentifier, 'com.example.gen.kit.debug'); // configs.Debug
});

test('xcodegen: app groups from entitlements.properties, from the file, or unknown', () => {
  assert.deepEqual(model.target('GenApp')!.appGroups, ['group.com.example.gen']);
  assert.equal(model.target('GenApp')!.entitlementsFile, join(dir, 'GenApp', 'GenApp.entitlements'));
  assert.deepEqual(model.target('GenShare')!.appGroups, ['group.com.example.gen']);
  assert.equal(model.target('GenWidget')!.appGroups, undefined);
  assert.equal(model.target('GenWidget')!.entitlementsFile, undefined);
});

test('xcodegen: extension points, deployment targets and embedding', () => {
  assert.equal(model.target('GenShare')!.extensionPointIdentifier, 'com.apple.share-services');
  assert.equal(model.target('GenWidget')!.extensionPointIdentifier, 'com.apple.widgetkit-extension');
  assert.equal(model.target('GenApp')!.deploymentTarget, '16.0');
  assert.equal(model.target('GenWidget')!.deploymentTarget, '17.0');
  // The framework dependency is not an embedded extension.
  assert.deepEqual(model.target('GenApp')!.embeds, ['GenShare', 'GenWidget']);
  assert.deepEqual(model.target('GenShare')!.hostApps, ['GenApp']);
  assert.deepEqual(model.target('GenKit')!.hostApps, []);
  // …but its code runs in the app's process.
  assert.deepEqual(model.target('GenApp')!.links, ['GenKit']);
  assert.deepEqual(model.target('GenShare')!.links, []);
});
