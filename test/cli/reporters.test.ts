// Exact output of every format, from hand-made findings (no engine involved).
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../../server/src/engine/findings';
import type { RuleMeta } from '../../server/src/rules/ruleTypes';
import { formatGithub } from '../../server/src/cli/reporters/github';
import { formatJson } from '../../server/src/cli/reporters/json';
import { formatSarif } from '../../server/src/cli/reporters/sarif';
import { formatXcode } from '../../server/src/cli/reporters/xcode';
import type { ReportContext } from '../../server/src/cli/reporters/report';
import { ruleDocsUrl } from '../../server/src/cli/ruleDocs';
import { repoRoot } from './helpers';

const cwd = '/project';
const appDelegate = '/project/App/AppDelegate.swift';
const downloader = '/project/App/Net/Downloader.swift';

const rules: RuleMeta[] = [
  { id: 'debug-exit-unguarded', severity: 'error', fix: 'safe', summary: 'exit() in a background callback outside #if DEBUG.' },
  { id: 'discretionary-transfer', severity: 'info', fix: 'none', summary: 'The background transfer is discretionary.' },
];

function range(line: number, character: number, endLine: number, endCharacter: number) {
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}

const findings: Finding[] = [
  {
    rule: 'debug-exit-unguarded',
    severity: 'error',
    message: 'exit(0) ends the app in release builds',
    file: appDelegate,
    range: range(5, 8, 5, 15),
    related: [],
    fixes: [
      {
        title: 'Wrap in #if DEBUG',
        safety: 'safe',
        edits: [
          { file: appDelegate, range: range(5, 0, 5, 0), newText: '#if DEBUG\n' },
          { file: appDelegate, range: range(6, 0, 6, 0), newText: '#endif\n' },
        ],
      },
    ],
  },
  {
    rule: 'discretionary-transfer',
    severity: 'info',
    message: 'The system may delay this transfer, 100% of the time:\nwhen on battery, cellular, ...',
    file: downloader,
    range: range(7, 8, 7, 38),
    related: [{ file: downloader, range: range(6, 21, 6, 75), message: 'the background configuration' }],
    fixes: [],
  },
  {
    rule: 'shared-identifier',
    severity: 'warning',
    message: 'Shared identifier',
    file: '/elsewhere/Other.swift',
    range: range(0, 0, 0, 3),
    related: [],
    fixes: [{ title: 'Use a bundle-based identifier', safety: 'quick', edits: [] }],
  },
];

const context: ReportContext = {
  displayPath: (file) => (file.startsWith('/project/') ? file.slice('/project/'.length) : file),
  rules,
  version: '9.9.9',
  cwd,
};

test('xcode: path:line:col: severity: message [rule], info as note, one line per finding', () => {
  assert.equal(
    formatXcode(findings, context),
    'App/AppDelegate.swift:6:9: error: exit(0) ends the app in release builds [debug-exit-unguarded]\n' +
      'App/Net/Downloader.swift:8:9: note: The system may delay this transfer, 100% of the time: when on battery, cellular, ... [discretionary-transfer]\n' +
      '/elsewhere/Other.swift:1:1: warning: Shared identifier [shared-identifier]\n',
  );
  assert.equal(formatXcode([], context), '');
});

test('github: workflow commands with escaped properties and message', () => {
  assert.equal(
    formatGithub(findings, context),
    '::error file=App/AppDelegate.swift,line=6,col=9,endLine=6,endColumn=16,title=debug-exit-unguarded::exit(0) ends the app in release builds\n' +
      '::notice file=App/Net/Downloader.swift,line=8,col=9,endLine=8,endColumn=39,title=discretionary-transfer::The system may delay this transfer, 100%25 of the time:%0Awhen on battery, cellular, ...\n' +
      '::warning file=/elsewhere/Other.swift,line=1,col=1,endLine=1,endColumn=4,title=shared-identifier::Shared identifier\n',
  );
  const tricky: Finding = { ...findings[2], file: '/project/a,b:c.swift' };
  assert.match(formatGithub([tricky], context), /^::warning file=a%2Cb%3Ac\.swift,line=1,/);
});

test('json: an array of 1-based findings with fixes and related locations', () => {
  const text = formatJson(findings, context);
  assert.ok(text.endsWith('\n'));
  assert.deepEqual(JSON.parse(text), [
    {
      file: 'App/AppDelegate.swift',
      line: 6,
      column: 9,
      endLine: 6,
      endColumn: 16,
      rule: 'debug-exit-unguarded',
      severity: 'error',
      message: 'exit(0) ends the app in release builds',
      fixes: [{ title: 'Wrap in #if DEBUG', safety: 'safe' }],
      related: [],
    },
    {
      file: 'App/Net/Downloader.swift',
      line: 8,
      column: 9,
      endLine: 8,
      endColumn: 39,
      rule: 'discretionary-transfer',
      severity: 'info',
      message: 'The system may delay this transfer, 100% of the time:\nwhen on battery, cellular, ...',
      fixes: [],
      related: [{ file: 'App/Net/Downloader.swift', line: 7, column: 22, endLine: 7, endColumn: 76, message: 'the background configuration' }],
    },
    {
      file: '/elsewhere/Other.swift',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 4,
      rule: 'shared-identifier',
      severity: 'warning',
      message: 'Shared identifier',
      fixes: [{ title: 'Use a bundle-based identifier', safety: 'quick' }],
      related: [],
    },
  ]);
  assert.equal(formatJson([], context), '[]\n');
});

test('sarif: 2.1.0 log with rule metadata, relative URIs under %SRCROOT%, fixes as replacements', () => {
  const log = JSON.parse(formatSarif(findings, context));
  assert.equal(log.version, '2.1.0');
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  const run = log.runs[0];
  assert.equal(run.columnKind, 'utf16CodeUnits');
  assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///project/' } });
  assert.deepEqual(run.tool.driver, {
    name: 'urlsession-lint',
    version: '9.9.9',
    rules: [
      {
        id: 'debug-exit-unguarded',
        shortDescription: { text: 'exit() in a background callback outside #if DEBUG.' },
        helpUri: ruleDocsUrl('debug-exit-unguarded'),
        defaultConfiguration: { level: 'error' },
        properties: { fixSafety: 'safe' },
      },
      {
        id: 'discretionary-transfer',
        shortDescription: { text: 'The background transfer is discretionary.' },
        helpUri: ruleDocsUrl('discretionary-transfer'),
        defaultConfiguration: { level: 'note' },
        properties: { fixSafety: 'none' },
      },
      {
        // Not in the catalog: described from the finding so that ruleIndex stays valid.
        id: 'shared-identifier',
        shortDescription: { text: 'shared-identifier' },
        helpUri: ruleDocsUrl('shared-identifier'),
        defaultConfiguration: { level: 'warning' },
        properties: { fixSafety: 'none' },
      },
    ],
  });
  assert.deepEqual(run.results[0], {
    ruleId: 'debug-exit-unguarded',
    ruleIndex: 0,
    level: 'error',
    message: { text: 'exit(0) ends the app in release builds' },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: 'App/AppDelegate.swift', uriBaseId: '%SRCROOT%' },
          region: { startLine: 6, startColumn: 9, endLine: 6, endColumn: 16 },
        },
      },
    ],
    fixes: [
      {
        description: { text: 'Wrap in #if DEBUG' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'App/AppDelegate.swift', uriBaseId: '%SRCROOT%' },
            replacements: [
              { deletedRegion: { startLine: 6, startColumn: 1, endLine: 6, endColumn: 1 }, insertedContent: { text: '#if DEBUG\n' } },
              { deletedRegion: { startLine: 7, startColumn: 1, endLine: 7, endColumn: 1 }, insertedContent: { text: '#endif\n' } },
            ],
          },
        ],
        properties: { safety: 'safe' },
      },
    ],
  });
  assert.equal(run.results[1].level, 'note');
  assert.deepEqual(run.results[1].relatedLocations, [
    {
      id: 0,
      message: { text: 'the background configuration' },
      physicalLocation: {
        artifactLocation: { uri: 'App/Net/Downloader.swift', uriBaseId: '%SRCROOT%' },
        region: { startLine: 7, startColumn: 22, endLine: 7, endColumn: 76 },
      },
    },
  ]);
  assert.equal(run.results[2].ruleIndex, 2);
  assert.deepEqual(run.results[2].locations[0].physicalLocation.artifactLocation, { uri: 'file:///elsewhere/Other.swift' });
  assert.equal(run.results[2].fixes, undefined, 'a fix without edits is not a SARIF fix');
});

test('ruleDocsUrl points at docs/rules/<id>.md in the package', () => {
  assert.equal(ruleDocsUrl('debug-exit-unguarded'), pathToFileURL(join(repoRoot, 'docs', 'rules', 'debug-exit-unguarded.md')).href);
});
