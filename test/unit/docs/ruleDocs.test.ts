// Every registered rule has a docs page in the house template whose Swift examples parse, and the
// README's rules table is the registry's (UPDATE_SNAPSHOTS=1 rewrites it).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { ruleCatalog } from '../../../server/src/engine/engine';
import { loadSwiftParser, parseSwift } from '../../../server/src/parse/swiftParser';
import { renderRulesTable } from '../../support/rulesTable';

const root = join(__dirname, '..', '..', '..');
const sections = ['## What it does', '## Why is this bad?', '## Example', '## Use instead', '## Fix safety'];

for (const rule of ruleCatalog()) {
  test(`docs page for ${rule.id}`, async () => {
    const page = join(root, 'docs', 'rules', `${rule.id}.md`);
    assert.ok(existsSync(page), `docs/rules/${rule.id}.md is missing`);
    const text = readFileSync(page, 'utf8');
    assert.ok(text.startsWith(`# ${rule.id}\n`), 'the page starts with its rule id as title');
    assert.equal(text.split('\n')[2], `Severity: ${rule.severity} · Fix: ${rule.fix}`, 'the third line gives severity and fix safety');
    // Users have not read the article the rules were first collected from: pages say what the thing is.
    assert.doesNotMatch(text, /\barticle\b|\bseed\b|\bpitfall/i, 'the page refers to the article');
    assert.doesNotMatch(text, /\bS\d{1,2}\b/, 'the page refers to the article\'s pitfall numbers');
    const positions = sections.map((section) => text.indexOf(`\n${section}\n`));
    assert.ok(positions.every((position) => position > 0), `sections missing: ${sections.filter((_, i) => positions[i] < 0).join(', ')}`);
    assert.deepEqual([...positions].sort((a, b) => a - b), positions, 'sections are in template order');
    const parser = await loadSwiftParser();
    for (const block of text.matchAll(/```swift\n([\s\S]*?)```/g)) {
      const parsed = parseSwift(parser, block[1]);
      assert.equal(parsed.tree.rootNode.hasError, false, `a Swift example of ${rule.id} does not parse:\n${block[1]}`);
      parsed.tree.delete();
    }
  });
}

test('README rules table is generated from the registry', () => {
  const readmePath = join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf('<!-- rules:start -->');
  const end = readme.indexOf('<!-- rules:end -->');
  assert.ok(start >= 0 && end > start, 'README has <!-- rules:start --> … <!-- rules:end --> markers');
  const expected = `<!-- rules:start -->\n${renderRulesTable()}\n<!-- rules:end -->`;
  const actual = readme.slice(start, end + '<!-- rules:end -->'.length);
  if (process.env.UPDATE_SNAPSHOTS === '1' && actual !== expected) {
    writeFileSync(readmePath, readme.replace(actual, expected));
    return;
  }
  assert.equal(actual, expected, 'run UPDATE_SNAPSHOTS=1 node test/run-tests.mjs ruleDocs to regenerate');
});
