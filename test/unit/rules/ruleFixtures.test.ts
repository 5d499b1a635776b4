// Every folder in test/fixtures/rules/<rule-id>/ is a small workspace whose Swift files mark,
// inline, each finding of that rule they must produce (and nothing else of that rule). Fixes of
// the rule are applied and compared with `<file>.fixed` snapshots (UPDATE_SNAPSHOTS=1 rewrites
// them); the fixed text must parse without new errors, and fixing it again must change nothing.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import test from 'node:test';
import type { Finding } from '../../../server/src/engine/findings';
import { applyEdits } from '../../../server/src/fixes/applyEdits';
import { loadSwiftParser, parseSwift } from '../../../server/src/parse/swiftParser';
import { rules } from '../../../server/src/rules/registry';
import { readExpectations } from '../../support/fixtureExpectations';
import { lintFolder, swiftFilesIn } from '../../support/lintFixture';

const fixturesRoot = join(__dirname, '..', '..', 'fixtures', 'rules');
const updateSnapshots = process.env.UPDATE_SNAPSHOTS === '1';

function describe(finding: Finding): string {
  const { start, end } = finding.range;
  return `${relative(fixturesRoot, finding.file)}:${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${finding.rule}`;
}

async function errorCount(text: string): Promise<number> {
  const parsed = parseSwift(await loadSwiftParser(), text);
  const count = parsed.tree.rootNode.descendantsOfType('ERROR').length + parsed.tree.rootNode.descendantsOfType('MISSING').length;
  parsed.tree.delete();
  return count;
}

/** Applies the first fix of every finding of `rule` in `file`, skipping fixes that overlap an earlier one. */
function applyFirstFixes(text: string, file: string, findings: Finding[], rule: string): string {
  const edits = findings
    .filter((finding) => finding.rule === rule && finding.file === file && finding.fixes.length > 0)
    .flatMap((finding) => finding.fixes[0].edits.filter((edit) => edit.file === file));
  const chosen: typeof edits = [];
  const key = (p: { line: number; character: number }) => p.line * 1e6 + p.character;
  for (const edit of edits.sort((a, b) => key(a.range.start) - key(b.range.start))) {
    const last = chosen[chosen.length - 1];
    if (last && key(edit.range.start) < key(last.range.end)) continue;
    chosen.push(edit);
  }
  return applyEdits(text, chosen);
}

const ruleIds = new Set(rules.map((rule) => rule.meta.id));

test('every registered rule has a fixture folder', () => {
  const folders = new Set(readdirSync(fixturesRoot));
  assert.deepEqual([...ruleIds].filter((id) => !folders.has(id)), []);
});
for (const ruleId of readdirSync(fixturesRoot).sort()) {
  const dir = join(fixturesRoot, ruleId);
  test(`rule ${ruleId}: findings match the fixture markers`, async () => {
    assert.ok(ruleIds.has(ruleId), `fixture folder for unknown rule ${ruleId}`);
    const files = swiftFilesIn(dir);
    const expectations = files.flatMap((file) => readExpectations(file, readFileSync(file, 'utf8'))).filter((e) => e.rule === ruleId);
    const key = (file: string, line: number, start: number, end: number | undefined) =>
      `${relative(fixturesRoot, file)}:${line + 1}:${start + 1}-${end === undefined ? '…' : end + 1} ${ruleId}`;
    const expected = expectations.map((e) => key(e.file, e.line, e.startCharacter, e.endCharacter));
    const { findings } = await lintFolder(dir);
    const actual = findings
      .filter((finding) => finding.rule === ruleId)
      .map((finding) => {
        const { start, end } = finding.range;
        const startOnly = expectations.some((e) => e.file === finding.file && e.line === start.line && e.startCharacter === start.character && e.endCharacter === undefined);
        const sameLine = start.line === end.line;
        return key(finding.file, start.line, start.character, startOnly ? undefined : sameLine ? end.character : -2);
      });
    assert.deepEqual(actual.sort(), expected.sort());
    for (const finding of findings.filter((f) => f.rule === ruleId)) {
      assert.ok(finding.message.length > 20 && finding.message.endsWith('.'), `message of ${describe(finding)} should be a sentence`);
    }
  });

  test(`rule ${ruleId}: fixes match snapshots, re-parse cleanly and are idempotent`, async () => {
    const { findings } = await lintFolder(dir);
    for (const file of swiftFilesIn(dir)) {
      const original = readFileSync(file, 'utf8');
      const fixed = applyFirstFixes(original, file, findings, ruleId);
      const snapshot = `${file}.fixed`;
      if (fixed === original) {
        assert.ok(!existsSync(snapshot), `${relative(fixturesRoot, snapshot)} exists but no fix applies`);
        continue;
      }
      // A missing snapshot fails everywhere: UPDATE_SNAPSHOTS=1 writes it, to be read and committed.
      if (updateSnapshots) writeFileSync(snapshot, fixed);
      assert.ok(existsSync(snapshot), `${relative(fixturesRoot, snapshot)} is missing: run with UPDATE_SNAPSHOTS=1, check it and commit it`);
      assert.equal(fixed, readFileSync(snapshot, 'utf8'), `fixed text of ${relative(fixturesRoot, file)}`);
      assert.ok((await errorCount(fixed)) <= (await errorCount(original)), `fix adds syntax errors in ${relative(fixturesRoot, file)}`);
      const again = await lintFolder(dir, {}, new Map([[file, fixed]]));
      assert.equal(applyFirstFixes(fixed, file, again.findings, ruleId), fixed, `fixing ${relative(fixturesRoot, file)} twice changes it again`);
    }
  });
}
