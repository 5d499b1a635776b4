// Without the Swift grammar loaded (no Engine created yet), Package.swift is one named problem,
// not a crash and not a guess. A file of its own: the grammar, once loaded, stays for the process.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import test from 'node:test';
import { loadProjectModel } from '../../../server/src/project/projectModel';

test('swiftpm: before the grammar is loaded, the manifest is reported and no target is made up', () => {
  const dir = join(__dirname, '..', '..', 'fixtures', 'projects', 'swiftpm');
  const model = loadProjectModel(dir);
  assert.deepEqual(model.problems, [{ file: join(dir, 'Package.swift'), message: 'Package.swift was not read: the Swift grammar is not loaded yet' }]);
  assert.deepEqual(model.targets.filter((target) => target.source === 'swiftpm'), []);
});
