// The identifier rewrites: titles short enough for the lightbulb menu, each still warning that a
// rename orphans transfers in flight, and edits that are the Swift the rule pages show.
import assert from 'node:assert/strict';
import test from 'node:test';
import { bundleIdentifierFixes, renameWarning } from '../../../server/src/fixes/bundleIdentifier';

const span = { start: 10, end: 40 };

test('both rewrites have short titles that keep the orphaned-transfers warning', () => {
  const fixes = bundleIdentifierFixes(span, 'com.example.app.uploads');
  assert.deepEqual(
    fixes.map((fix) => fix.title),
    [
      'Use a bundle-based identifier: <bundle id>.uploads (orphans in-flight transfers)',
      'Use a bundle-name identifier: uploads.<bundle file name> (orphans in-flight transfers)',
    ],
  );
  for (const fix of fixes) {
    assert.ok(fix.title.includes(renameWarning));
    assert.ok(fix.title.length <= 90, `${fix.title.length} characters: ${fix.title}`);
    assert.equal(fix.safety, 'quick', 'a rename is never applied without a click');
  }
});

test('the edits write the bundle-based Swift expressions', () => {
  const [byIdentifier, byName] = bundleIdentifierFixes(span, 'group.uploads!');
  assert.equal(byIdentifier.edits[0].newText, '"\\(Bundle.main.bundleIdentifier!).uploads"');
  assert.equal(
    byName.edits[0].newText,
    '"uploads.\\(Bundle.main.bundleURL.lastPathComponent.lowercased().replacingOccurrences(of: " ", with: "."))"',
  );
});
