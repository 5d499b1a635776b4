// pbxproj cases the fixtures do not cover, written to a temp dir through @bacons/xcode's writer:
// embedding known only from a dependency, settings from a base .xcconfig, watch targets, and
// files that parse but are not projects.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { build } from '@bacons/xcode/json';
import { loadProjectModel } from '../../../server/src/project/projectModel';

function withProject(objects: Record<string, Record<string, unknown>>, files: Record<string, string>, check: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'pbxproj-edge-'));
  try {
    mkdirSync(join(dir, 'Edge.xcodeproj'));
    writeFileSync(join(dir, 'Edge.xcodeproj', 'project.pbxproj'), build({ archiveVersion: 1, classes: {}, objectVersion: 56, objects, rootObject: 'P00000000000000000000000' } as never));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    check(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const id = (prefix: string, n: number) => prefix + String(n).padStart(23, '0');
function target(n: number, name: string, productType: string, settings: Record<string, unknown>, extra: Record<string, unknown> = {}, base?: string) {
  return {
    [id('T', n)]: { isa: 'PBXNativeTarget', buildConfigurationList: id('L', n), buildPhases: [], buildRules: [], dependencies: [], name, productName: name, productType, ...extra },
    [id('L', n)]: { isa: 'XCConfigurationList', buildConfigurations: [id('C', n)], defaultConfigurationName: 'Debug' },
    [id('C', n)]: { isa: 'XCBuildConfiguration', buildSettings: settings, name: 'Debug', ...(base ? { baseConfigurationReference: base } : {}) },
  };
}
const project = (targets: string[], children: string[] = []) => ({
  P00000000000000000000000: { isa: 'PBXProject', buildConfigurationList: id('L', 99), mainGroup: 'G00000000000000000000000', targets, projectDirPath: '', projectRoot: '' },
  [id('L', 99)]: { isa: 'XCConfigurationList', buildConfigurations: [id('C', 99)] },
  [id('C', 99)]: { isa: 'XCBuildConfiguration', buildSettings: { SDKROOT: 'iphoneos' }, name: 'Debug' },
  G00000000000000000000000: { isa: 'PBXGroup', children, sourceTree: '<group>' },
});

test('an app that depends on an extension without a copy phase still hosts it', () => {
  const objects = {
    ...project([id('T', 1), id('T', 2)]),
    ...target(1, 'App', 'com.apple.product-type.application', {}, { dependencies: [id('D', 1)] }),
    ...target(2, 'Ext', 'com.apple.product-type.app-extension', {}),
    [id('D', 1)]: { isa: 'PBXTargetDependency', targetProxy: id('X', 1) },
    [id('X', 1)]: { isa: 'PBXContainerItemProxy', containerPortal: 'P00000000000000000000000', proxyType: 1, remoteGlobalIDString: id('T', 2), remoteInfo: 'Ext' },
  };
  withProject(objects, {}, (dir) => {
    const model = loadProjectModel(dir);
    assert.deepEqual(model.problems, []);
    assert.deepEqual(model.target('App')!.embeds, ['Ext']);
    assert.deepEqual(model.target('Ext')!.hostApps, ['App']);
  });
});

test('settings from the base .xcconfig, below the target settings', () => {
  const objects = {
    ...project([id('T', 1)], [id('F', 1)]),
    [id('F', 1)]: { isa: 'PBXFileReference', lastKnownFileType: 'text.xcconfig', path: 'Config/App.xcconfig', sourceTree: '<group>' },
    ...target(1, 'App', 'com.apple.product-type.application', { PRODUCT_NAME: '$(TARGET_NAME)' }, {}, id('F', 1)),
  };
  const xcconfig = 'BASE = com.example.fromxcconfig\nPRODUCT_BUNDLE_IDENTIFIER = $(BASE).$(PRODUCT_NAME)\nIPHONEOS_DEPLOYMENT_TARGET = 15.4\n';
  withProject(objects, { 'Config/App.xcconfig': xcconfig }, (dir) => {
    const app = loadProjectModel(dir).target('App')!;
    assert.equal(app.bundleIdentifier, 'com.example.fromxcconfig.App');
    assert.equal(app.deploymentTarget, '15.4');
  });
});

test('watch targets: watchapp2, watchkit2-extension, and a single-target watchOS app', () => {
  const objects = {
    ...project([id('T', 1), id('T', 2), id('T', 3), id('T', 4)]),
    ...target(1, 'WatchApp', 'com.apple.product-type.application.watchapp2', {}),
    ...target(2, 'WatchExt', 'com.apple.product-type.watchkit2-extension', {}),
    ...target(3, 'ModernWatch', 'com.apple.product-type.application', { SDKROOT: 'watchos' }),
    ...target(4, 'Lib', 'com.apple.product-type.library.static', {}),
  };
  withProject(objects, {}, (dir) => {
    const model = loadProjectModel(dir);
    assert.deepEqual(model.targets.map((target) => target.kind), ['watch-app', 'watch-extension', 'watch-app', 'framework']);
  });
});

test('a file that parses but is no project is one problem', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pbxproj-edge-'));
  try {
    mkdirSync(join(dir, 'Odd.xcodeproj'));
    writeFileSync(join(dir, 'Odd.xcodeproj', 'project.pbxproj'), '// !$*UTF8*$!\n{\n\tarchiveVersion = 1;\n\tobjects = {\n\t};\n}\n');
    const model = loadProjectModel(dir);
    assert.deepEqual(model.problems, [
      { file: join(dir, 'Odd.xcodeproj', 'project.pbxproj'), message: 'Odd.xcodeproj/project.pbxproj has no PBXProject root object (rootObject is missing or points nowhere)' },
    ]);
    assert.deepEqual(model.targets.map((target) => target.source), ['default']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
