// SwiftPM Package.swift: targets read with the Swift grammar, folders by convention or `path:`.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import test, { before } from 'node:test';
import { loadSwiftParser, parseSwift } from '../../../server/src/parse/swiftParser';
import { readManifest } from '../../../server/src/project/packageManifest';
import { loadProjectModel } from '../../../server/src/project/projectModel';

// The project model parses Package.swift with the grammar the engine loads at start-up.
before(async () => {
  await loadSwiftParser();
});

const dir = join(__dirname, '..', '..', 'fixtures', 'projects', 'swiftpm');
const names = (model: ReturnType<typeof loadProjectModel>, file: string) => model.targetsForFile(join(dir, file)).map((target) => target.name);

test('swiftpm: targets and kinds; commented-out targets are not read', () => {
  const model = loadProjectModel(dir);
  assert.deepEqual(model.problems, []);
  const described = model.targets.filter((target) => target.source === 'swiftpm');
  assert.deepEqual(
    described.map((target) => [target.name, target.kind]),
    [
      ['TransferKit', 'framework'],
      ['TransferKitUI', 'framework'],
      ['transfer-cli', 'tool'],
      ['TransferKitTests', 'tests'],
    ],
  );
  for (const target of described) {
    assert.equal(target.projectFile, join(dir, 'Package.swift'));
    assert.equal(target.deploymentTarget, '15.0'); // platforms: [.iOS(.v15), …]
    assert.equal(target.bundleIdentifier, undefined);
    assert.equal(target.appGroups, undefined);
  }
});

test('swiftpm: file membership by Sources/<Target>, path: and exclude:', () => {
  const model = loadProjectModel(dir);
  assert.deepEqual(names(model, 'Sources/TransferKit/Downloader.swift'), ['TransferKit']);
  assert.deepEqual(names(model, 'UI/Sources/ProgressView.swift'), ['TransferKitUI']);
  assert.deepEqual(names(model, 'Sources/transfer-cli/main.swift'), ['transfer-cli']);
  assert.deepEqual(names(model, 'Tests/TransferKitTests/DownloaderTests.swift'), ['TransferKitTests']);
});

test('swiftpm: a package describes no app, so loose files fall to the catch-all app', () => {
  const model = loadProjectModel(dir);
  const fallback = model.target('swiftpm')!;
  assert.equal(fallback.kind, 'app');
  assert.equal(fallback.source, 'default');
  assert.deepEqual(names(model, 'Examples/Demo.swift'), ['swiftpm']);
  // Excluded from its package target, so it is loose too.
  assert.deepEqual(names(model, 'Sources/TransferKit/Internal/Generated/Stub.swift'), ['swiftpm']);
});

test('swiftpm: with the Swift files known, no catch-all app when every file has a target', () => {
  const files = ['Sources/TransferKit/Downloader.swift', 'Sources/transfer-cli/main.swift'].map((file) => join(dir, file));
  const model = loadProjectModel(dir, { swiftFiles: files });
  assert.equal(model.target('swiftpm'), undefined);
  assert.equal(model.targets.length, 4);
});

const manifestDir = join(__dirname, '..', '..', 'fixtures', 'projects', 'swiftpm-manifest');

test('swiftpm: a `.target(name:)` in a dependency list is not a target, and the real `path:` is kept', () => {
  const model = loadProjectModel(manifestDir);
  assert.deepEqual(model.problems, []);
  const described = model.targets.filter((target) => target.source === 'swiftpm');
  // Through a name, `+`, a parameterless function with an append, and `package.targets.append`;
  // not `unused` (outside `targets:`), not `helper(.target(…))` (a call we cannot evaluate).
  assert.deepEqual(
    described.map((target) => [target.name, target.kind, target.links]),
    [
      ['Feature', 'framework', ['Core']],
      ['Core', 'framework', []],
      ['FeatureTests', 'tests', ['Feature']],
      ['Prebuilt', 'other', []],
    ],
  );
  assert.ok(described.every((target) => target.deploymentTarget === '16.4'));
  const names = (file: string) => model.targetsForFile(join(manifestDir, file)).map((target) => target.name);
  assert.deepEqual(names('Core/Sources/Session.swift'), ['Core']);
  assert.deepEqual(names('Sources/Feature/Feature.swift'), ['Feature']);
  assert.deepEqual(names('Tests/FeatureTests/FeatureTests.swift'), ['FeatureTests']);
  // Sources/Core is not Core's folder (its `path:` is): the file is loose.
  assert.notDeepEqual(names('Sources/Core/Stray.swift'), ['Core']);
});

async function manifestOf(text: string) {
  const parsed = parseSwift(await loadSwiftParser(), text);
  try {
    return readManifest(parsed.tree.rootNode);
  } finally {
    parsed.tree.delete();
  }
}

test('swiftpm manifest: dependency kinds, sources, exclude, and `Target.` calls', async () => {
  const manifest = await manifestOf(`
let package = Package(
    name: "P",
    platforms: [.iOS("14.0")],
    targets: [
        Target.executableTarget(name: "tool", dependencies: ["Core", .target(name: "A"), .byName(name: "B"), .product(name: "X", package: "x")],
                                path: "Tools", exclude: ["Old"], sources: ["main.swift", "Commands"]),
        .macro(name: "Macros"), .plugin(name: "Gen", capability: .buildTool()), .systemLibrary(name: "CZlib"),
    ]
)`);
  assert.equal(manifest.iosDeploymentTarget, '14.0');
  assert.deepEqual(manifest.targets[0], {
    call: 'executableTarget',
    name: 'tool',
    path: 'Tools',
    sources: ['main.swift', 'Commands'],
    exclude: ['Old'],
    targetDependencies: ['Core', 'A', 'B'],
    productDependencies: ['X'],
  });
  assert.deepEqual(manifest.targets.slice(1).map((target) => [target.call, target.name]), [
    ['macro', 'Macros'],
    ['plugin', 'Gen'],
    ['systemLibrary', 'CZlib'],
  ]);
});

test('swiftpm manifest: look-alikes and unresolvable values make no target', async () => {
  const manifest = await manifestOf(`
let name = computeName()
let package = Package(
    name: "P",
    products: [.library(name: "Lib", targets: ["Lib"])],
    dependencies: [.package(path: "../Other")],
    targets: [
        .target(name: name),
        .target(name: "Interpolated\\(suffix)"),
        Other.target(name: "NotSwiftPM"),
        .target(path: "NoName"),
        .target(name: "Lib", dependencies: [.target(name: "Ghost")]),
        makeTarget("Made"),
    ] + moreTargets
)`);
  assert.deepEqual(manifest.targets.map((target) => target.name), ['Lib']);
  assert.equal(manifest.iosDeploymentTarget, undefined);
});

test('swiftpm manifest: a self-referencing name ends', async () => {
  const manifest = await manifestOf(`
var targets: [Target] = [.target(name: "A")]
targets += targets
let package = Package(name: "P", targets: targets)`);
  assert.deepEqual(manifest.targets.map((target) => target.name), ['A']);
});

test('swiftpm manifest: broken and half-typed manifests give the targets that parse, without throwing', async () => {
  assert.deepEqual((await manifestOf('')).targets, []);
  assert.deepEqual((await manifestOf('let package = Package(')).targets, []);
  // Cut off mid-call: the grammar may give up on the whole `Package(` call; never a made-up name.
  const cut = await manifestOf('let package = Package(name: "P", targets: [.target(name: "A"), .target(name: ');
  for (const target of cut.targets) assert.equal(target.name, 'A');
  const half = await manifestOf(`
let package = Package(
    name: "P",
    targets: [
        .target(name: "A", dependencies: [),
        .testTarget(name: "ATests", dependencies: ["A"]),
    ]
)`);
  // The grammar recovers around the broken dependency list: both calls still read as targets.
  assert.deepEqual(half.targets.map((target) => target.name), ['A', 'ATests']);
});
