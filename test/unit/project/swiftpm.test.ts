// SwiftPM Package.swift: target names from a tolerant scan, folders by convention or `path:`.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import test from 'node:test';
import { loadProjectModel } from '../../../server/src/project/projectModel';

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
