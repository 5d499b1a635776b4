// The real-code evaluation's bookkeeping on a synthetic findings list (the checkouts themselves are not in CI).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseJudgements, parseRepos, score } from './evaluate.mjs';

const header = 'repo\tfile\tline\trule\tverdict\twhy\n';
const rows = parseJudgements(
  header +
    [
      'a/app\tA.swift\t10\tsession-recreated\treal\tlazy var of a copied struct.',
      'a/app\tA.swift\t20\tdebug-exit-unguarded\tfalse\tstartup guard.',
      'a/app\tB.swift\t5\tcompletion-handler-on-background-session\treal\tmiss: [cross] session passed as parameter to a helper.',
      'b/sdk\tC.swift\t7\tbackground-upload-from-data\treal\tmiss: [cross] init-injected session.',
      'b/sdk\tC.swift\t9\tidentifier-random\treal\tmiss: UUID identifier in a local.',
      'c/other\tD.swift\t1\tidentifier-empty\treal\tnot evaluated in this run.',
    ].join('\n'),
);

test('matches findings to judgements by repo, file, line and rule', () => {
  const result = score(
    ['a/app', 'b/sdk'],
    [
      { repo: 'a/app', file: 'A.swift', line: 10, rule: 'session-recreated' },
      { repo: 'a/app', file: 'A.swift', line: 10, rule: 'session-recreated' }, // duplicate: counted once
      { repo: 'a/app', file: 'A.swift', line: 20, rule: 'debug-exit-unguarded' },
      { repo: 'a/app', file: 'A.swift', line: 21, rule: 'debug-exit-unguarded' }, // other line: unjudged
      { repo: 'b/sdk', file: 'C.swift', line: 7, rule: 'background-upload-from-data' },
    ],
    rows,
  );
  assert.deepEqual(
    { ...result.total },
    {
      findings: 4, truePositives: 2, falsePositives: 1, unjudged: 1, real: 4, misses: 2,
      crossReal: 2, crossFound: 1, precision: 2 / 3, recall: 2 / 4, crossRecall: 1 / 2,
    },
  );
  assert.equal(result.perRepo['b/sdk'].recall, 1 / 2);
  assert.equal(result.perRepo['b/sdk'].precision, 1);
  assert.deepEqual(result.unjudged.map((f) => f.line), [21]);
  assert.equal(result.unjudged[0].sameRuleMisses, undefined);
  assert.deepEqual(result.missed.map((m) => `${m.file}:${m.line}`), ['B.swift:5', 'C.swift:9']);
  assert.equal('c/other' in result.perRepo, false);
});

test('an unjudged finding points at missed rows of the same rule in its repo', () => {
  const result = score(['b/sdk'], [{ repo: 'b/sdk', file: 'Caller.swift', line: 3, rule: 'background-upload-from-data' }], rows);
  assert.deepEqual(result.unjudged[0].sameRuleMisses, ['C.swift:7']);
});

test('no findings and no real rows give no ratio rather than a made-up one', () => {
  const result = score(['z/empty'], [], rows);
  assert.equal(result.total.precision, null);
  assert.equal(result.total.recall, null);
});

test('rejects malformed lines with their line number', () => {
  assert.throws(() => parseJudgements(header + 'a/app\tA.swift\tten\tx\treal\twhy'), /line 2/);
  assert.throws(() => parseJudgements(header + 'a/app\tA.swift\t1\tx\tmaybe\twhy'), /real\|false/);
  assert.throws(() => parseJudgements(`${header}a\tA\t1\tx\treal\t.\na\tA\t1\tx\tfalse\t.`), /judged twice/);
  assert.throws(() => parseRepos('owner/name'), /line 1/);
  assert.deepEqual(parseRepos('# c\nowner/name 0123abc # note\n'), [{ name: 'owner/name', commit: '0123abc' }]);
});

test('the committed repos.txt and judgements.tsv parse, and every judged repo is listed', () => {
  const repos = parseRepos(readFileSync(join(import.meta.dirname, 'repos.txt'), 'utf8')).map((r) => r.name);
  const judged = parseJudgements(readFileSync(join(import.meta.dirname, 'judgements.tsv'), 'utf8'));
  assert.ok(repos.length >= 10);
  assert.deepEqual([...new Set(judged.map((row) => row.repo))].filter((repo) => !repos.includes(repo)), []);
});
