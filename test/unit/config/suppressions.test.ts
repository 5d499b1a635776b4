import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Finding } from '../../../server/src/engine/findings';
import {
  invalidSuppressionRule,
  parseSuppressions,
  type Suppressions,
} from '../../../server/src/config/suppressions';
import { loadSwiftParser, parseSwift } from '../../../server/src/parse/swiftParser';

const file = '/project/Sources/Uploader.swift';
const known = ['background-upload-from-data', 'identifier-random', 'session-recreated', 'discretionary-transfer'];

async function suppressionsOf(text: string): Promise<Suppressions> {
  const parser = await loadSwiftParser();
  return parseSuppressions(parseSwift(parser, text).tree);
}

/** The lines (0-based) on which a finding of `rule` is suppressed, among lines 0..count-1. */
function suppressedLines(suppressions: Suppressions, rule: string, count: number): number[] {
  const lines: number[] = [];
  for (let line = 0; line < count; line++) if (suppressions.isSuppressed(rule, line)) lines.push(line);
  return lines;
}

function range(line: number, start: number, endLine: number, end: number) {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

/** Applies one fix's edits (single-line or whole-line edits, sorted from the end) to `text`. */
function applyFix(text: string, finding: Finding): string {
  const offsets = text.split('\n').reduce<number[]>((starts, line) => [...starts, starts[starts.length - 1] + line.length + 1], [0]);
  const offset = (p: { line: number; character: number }) => offsets[p.line] + p.character;
  const edits = [...finding.fixes[0].edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const edit of edits) text = text.slice(0, offset(edit.range.start)) + edit.newText + text.slice(offset(edit.range.end));
  return text;
}

function messages(findings: Finding[]): [number, string][] {
  return findings.map((finding) => [finding.range.start.line, finding.message]);
}

test('disable:next suppresses only the next line', async () => {
  const s = await suppressionsOf(
    'let a = 1\n// urlsession-lint:disable:next identifier-random\nlet b = 2\nlet c = 3\n',
  );
  assert.deepEqual(s.comments, [
    { line: 1, startCharacter: 0, endCharacter: 49, kind: 'next', ruleIds: ['identifier-random'] },
  ]);
  assert.deepEqual(suppressedLines(s, 'identifier-random', 4), [2]);
  assert.deepEqual(suppressedLines(s, 'session-recreated', 4), []);
  assert.deepEqual(s.problems(known, file), []);
});

test('disable:this suppresses the comment line; disable:previous the line before', async () => {
  const s = await suppressionsOf(
    [
      'let a = 1',
      'let b = 2 // urlsession-lint:disable:this session-recreated',
      'let c = 3',
      '// urlsession-lint:disable:previous identifier-random',
      'let d = 4',
    ].join('\n'),
  );
  assert.deepEqual(
    s.comments.map((c) => [c.kind, c.line, c.startCharacter, c.endCharacter]),
    [
      ['this', 1, 10, 59],
      ['previous', 3, 0, 53],
    ],
  );
  assert.deepEqual(suppressedLines(s, 'session-recreated', 5), [1]);
  assert.deepEqual(suppressedLines(s, 'identifier-random', 5), [2]);
  assert.deepEqual(s.problems(known, file), []);
});

test('disable … enable covers both comment lines and everything between; without enable, the rest of the file', async () => {
  const s = await suppressionsOf(
    [
      'let a = 1', // 0
      '// urlsession-lint:disable session-recreated identifier-random', // 1
      'let b = 2', // 2
      'let c = 3', // 3
      '// urlsession-lint:enable session-recreated', // 4
      'let d = 4', // 5
      'let e = 5', // 6
    ].join('\n'),
  );
  assert.deepEqual(suppressedLines(s, 'session-recreated', 7), [1, 2, 3, 4]);
  assert.deepEqual(suppressedLines(s, 'identifier-random', 7), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(suppressedLines(s, 'discretionary-transfer', 7), []);
  assert.deepEqual(s.problems(known, file), []);
});

test("'all' suppresses every rule; enable of one rule inside 'disable all' re-enables just that rule", async () => {
  const s = await suppressionsOf(
    [
      '// urlsession-lint:disable:next all', // 0
      'let a = 1', // 1
      '// urlsession-lint:disable all', // 2
      'let b = 2', // 3
      '// urlsession-lint:enable identifier-random', // 4
      'let c = 3', // 5
      '// urlsession-lint:enable all', // 6
      'let d = 4', // 7
    ].join('\n'),
  );
  assert.deepEqual(suppressedLines(s, 'session-recreated', 8), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(suppressedLines(s, 'identifier-random', 8), [1, 2, 3, 4]);
  assert.deepEqual(s.problems(known, file), []);
});

test('ids may be separated by commas and spaces; reasons after " - " or a second // are ignored', async () => {
  const s = await suppressionsOf(
    [
      '// urlsession-lint:disable:next identifier-random,session-recreated  discretionary-transfer',
      'let a = 1',
      '// urlsession-lint:disable:next identifier-random - session-recreated is fine here',
      'let b = 2',
      '// urlsession-lint:disable:next session-recreated // because identifier-random is intended',
      'let c = 3',
      '/* urlsession-lint:disable:next discretionary-transfer */',
      'let d = 4',
      '/// urlsession-lint:disable:next identifier-random, - no ids after the dash',
      'let e = 5',
    ].join('\n'),
  );
  assert.deepEqual(
    s.comments.map((c) => c.ruleIds),
    [
      ['identifier-random', 'session-recreated', 'discretionary-transfer'],
      ['identifier-random'],
      ['session-recreated'],
      ['discretionary-transfer'],
      ['identifier-random'],
    ],
  );
});

test('a // inside a string literal is not a comment', async () => {
  const text = readFileSync(resolve(__dirname, '../../fixtures/config/suppressions.swift'), 'utf8');
  const s = await suppressionsOf(text);
  assert.deepEqual(
    s.comments.map((c) => [c.line, c.kind, c.ruleIds]),
    [
      [11, 'next', ['background-upload-from-data', 'identifier-random']],
      [13, 'this', ['background-upload-from-data']],
    ],
  );
  // If the strings counted, line 5 (after line 4) and lines 6 onwards (from the multi-line string) would be suppressed too.
  assert.deepEqual(suppressedLines(s, 'background-upload-from-data', 16), [12, 13]);
  // identifier-random never fired on line 12: that part of the comment is reported as unused.
  const problems = s.problems(known, file);
  assert.deepEqual(messages(problems), [
    [11, "'identifier-random' in this urlsession-lint:disable:next comment suppresses nothing."],
  ]);
  assert.deepEqual(problems[0].range, range(11, 8, 11, 114));
  assert.deepEqual(problems[0].fixes, [
    {
      title: "Remove 'identifier-random' from this urlsession-lint comment",
      safety: 'quick',
      edits: [{ file, range: range(11, 67, 11, 86), newText: '' }],
    },
  ]);
});

test('an unknown rule id is reported on the comment, with a fix to the closest known id', async () => {
  const s = await suppressionsOf('let a = 1\n  // urlsession-lint:disable:next identifer-random, foo-bar\nlet b = 2\n');
  s.isSuppressed('identifier-random', 2);
  const problems = s.problems(known, file);
  assert.deepEqual(
    problems.map((p) => ({ rule: p.rule, severity: p.severity, message: p.message, file: p.file, range: p.range, related: p.related })),
    [
      {
        rule: 'invalid-suppression',
        severity: 'warning',
        message: "Unknown rule 'identifer-random' in urlsession-lint comment (did you mean 'identifier-random'?).",
        file,
        range: range(1, 2, 1, 59),
        related: [],
      },
      {
        rule: 'invalid-suppression',
        severity: 'warning',
        message: "Unknown rule 'foo-bar' in urlsession-lint comment.",
        file,
        range: range(1, 2, 1, 59),
        related: [],
      },
    ],
  );
  assert.deepEqual(problems[0].fixes[0].edits, [{ file, range: range(1, 34, 1, 50), newText: 'identifier-random' }]);
  // foo-bar is the last id: it goes with the separator before it.
  assert.deepEqual(problems[1].fixes[0].edits, [{ file, range: range(1, 50, 1, 59), newText: '' }]);
});

test('a comment that suppresses nothing is reported, with a fix that deletes its line', async () => {
  const s = await suppressionsOf(
    [
      'let a = 1', // 0
      '    // urlsession-lint:disable:next session-recreated', // 1
      'let b = 2', // 2
      'let c = 3 // urlsession-lint:disable:this all', // 3
      '// urlsession-lint:disable discretionary-transfer', // 4
    ].join('\n'),
  );
  assert.equal(s.isSuppressed('identifier-random', 2), false);
  const problems = s.problems(known, file);
  assert.deepEqual(messages(problems), [
    [1, 'This urlsession-lint:disable:next comment suppresses nothing.'],
    [3, 'This urlsession-lint:disable:this comment suppresses nothing.'],
    [4, 'This urlsession-lint:disable comment suppresses nothing.'],
  ]);
  assert.deepEqual(
    problems.map((p) => p.range),
    [range(1, 4, 1, 53), range(3, 10, 3, 45), range(4, 0, 4, 49)],
  );
  assert.deepEqual(
    problems.map((p) => p.fixes),
    [
      // A comment on its own line: the whole line goes.
      [{ title: 'Remove this urlsession-lint comment', safety: 'quick', edits: [{ file, range: range(1, 0, 2, 0), newText: '' }] }],
      // A trailing comment: the comment and the blank before it.
      [{ title: 'Remove this urlsession-lint comment', safety: 'quick', edits: [{ file, range: range(3, 9, 3, 45), newText: '' }] }],
      // The last line without a newline: the line break before it goes.
      [{ title: 'Remove this urlsession-lint comment', safety: 'quick', edits: [{ file, range: range(3, 45, 4, 49), newText: '' }] }],
    ],
  );
});

test('applying a fix leaves the code and the other ids intact', async () => {
  const text = [
    'let a = 1',
    '// urlsession-lint:disable:next session-recreated',
    'let b = 2 // urlsession-lint:disable:this all - legacy',
    '// urlsession-lint:disable:next identifier-random, session-recreatd , discretionary-transfer',
    'let c = 3',
    '',
  ].join('\n');
  const s = await suppressionsOf(text);
  s.isSuppressed('identifier-random', 4);
  s.isSuppressed('discretionary-transfer', 4);
  const problems = s.problems(known, file);
  assert.deepEqual(
    problems.map((problem) => applyFix(text, problem)),
    [
      text.replace('// urlsession-lint:disable:next session-recreated\n', ''),
      text.replace(' // urlsession-lint:disable:this all - legacy', ''),
      text.replace('session-recreatd', 'session-recreated'),
    ],
  );
});

test('unused ids of rules that are turned off are not reported', async () => {
  const s = await suppressionsOf('// urlsession-lint:disable:next discretionary-transfer\nlet a = 1\n');
  assert.deepEqual(s.problems(known, file, ['identifier-random']), []);
  assert.equal(s.problems(known, file).length, 1);
});

test('the most specific comment gets the credit; an outer range then suppresses nothing', async () => {
  const s = await suppressionsOf(
    [
      '// urlsession-lint:disable session-recreated',
      '// urlsession-lint:disable:next session-recreated',
      'let a = 1',
      '// urlsession-lint:enable session-recreated',
    ].join('\n'),
  );
  assert.equal(s.isSuppressed('session-recreated', 2), true);
  assert.deepEqual(messages(s.problems(known, file)), [[0, 'This urlsession-lint:disable comment suppresses nothing.']]);
});

test('invalid-suppression findings cannot be suppressed by a comment', async () => {
  const s = await suppressionsOf(
    [
      '// urlsession-lint:disable all',
      '// urlsession-lint:disable:next invalid-suppression, session-recreated',
      'let a = 1',
    ].join('\n'),
  );
  assert.equal(s.isSuppressed(invalidSuppressionRule.id, 1), false);
  assert.equal(s.isSuppressed(invalidSuppressionRule.id, 2), false);
  assert.equal(s.isSuppressed('session-recreated', 2), true);
  assert.deepEqual(messages(s.problems(known, file)), [
    [0, 'This urlsession-lint:disable comment suppresses nothing.'],
    [1, "'invalid-suppression' cannot be suppressed by a comment; turn it off in .urlsession-lint.yml instead."],
  ]);
});

test('malformed commands, empty id lists and enables without a disable are reported', async () => {
  const s = await suppressionsOf(
    [
      '// urlsession-lint:disabel:next session-recreated',
      '// urlsession-lint:disable:next',
      '// urlsession-lint:enable identifier-random',
      '// urlsession-lint:disable session-recreated',
      '// urlsession-lint:enable session-recreated, identifier-random',
      '// see urlsession-lint:disable in the README',
    ].join('\n'),
  );
  assert.deepEqual(s.comments.map((c) => c.kind), ['enable', 'disable', 'enable']);
  s.isSuppressed('session-recreated', 3);
  assert.deepEqual(messages(s.problems(known, file)), [
    [0, "Unknown urlsession-lint command 'disabel:next' (did you mean 'disable:next'?)."],
    [1, "This urlsession-lint:disable:next comment names no rule (list rule ids or 'all')."],
    [2, 'This urlsession-lint:enable comment re-enables nothing that was disabled before it.'],
    [4, "'identifier-random' in this urlsession-lint:enable comment was not disabled before it."],
  ]);
});

test('positions are UTF-16 characters', async () => {
  const s = await suppressionsOf('let s = "é😀" // urlsession-lint:disable:this typo-rule\n');
  assert.deepEqual(s.comments.map((c) => [c.startCharacter, c.endCharacter]), [[14, 55]]);
  const [problem] = s.problems(known, file);
  assert.deepEqual(problem.range, range(0, 14, 0, 55));
  assert.deepEqual(problem.fixes[0].edits[0].range, range(0, 13, 0, 55));
});

test('a file without suppression comments suppresses nothing and has no problems', async () => {
  const s = await suppressionsOf('// An ordinary comment.\nlet a = 1 /* and another */\n');
  assert.deepEqual(s.comments, []);
  assert.equal(s.isSuppressed('session-recreated', 1), false);
  assert.deepEqual(s.problems(known, file), []);
});

test('the rule metadata', () => {
  assert.deepEqual(
    { id: invalidSuppressionRule.id, severity: invalidSuppressionRule.severity },
    { id: 'invalid-suppression', severity: 'warning' },
  );
});
