// The CI reporters against the formats their consumers read, offline: checkstyle and junit XML
// validated by libxml2 (xmllint-wasm) against an XSD, codeclimate (GitLab code quality) and
// sonarqube (generic issue import) JSON validated by Ajv against JSON schemas. Which schema is
// vendored and which was written from documentation: test/fixtures/schemas/README.md.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { validateXML } from 'xmllint-wasm';
import type { Finding } from '../../server/src/engine/findings';
import type { RuleMeta } from '../../server/src/rules/ruleTypes';
import { formatCheckstyle } from '../../server/src/cli/reporters/checkstyle';
import { formatCodeClimate } from '../../server/src/cli/reporters/codeclimate';
import { formatJunit } from '../../server/src/cli/reporters/junit';
import { formatSonarqube } from '../../server/src/cli/reporters/sonarqube';
import type { ReportContext } from '../../server/src/cli/reporters/report';
import { fixtureCopy, repoRoot, runCli } from './helpers';

const schemaDir = join(repoRoot, 'test', 'fixtures', 'schemas');
const schemaText = (name: string) => readFileSync(join(schemaDir, name), 'utf8');

async function xmlProblems(xml: string, xsd: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'schema.xsd', contents: schemaText(xsd) }] });
  return result.errors.map((error) => error.message);
}

const ajv = new Ajv({ allErrors: true, strict: false });
function jsonProblems(json: unknown, schema: string): string[] {
  const validate = ajv.compile(JSON.parse(schemaText(schema)) as object);
  return validate(json) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

function range(line: number, character: number, endLine: number, endCharacter: number) {
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}

const rules: RuleMeta[] = [
  { id: 'debug-exit-unguarded', severity: 'error', fix: 'safe', summary: 'exit() in a background callback outside #if DEBUG.' },
  { id: 'discretionary-transfer', severity: 'info', fix: 'none', summary: 'The background transfer is discretionary.' },
];

/** Messages with everything XML and JSON must escape: markup, quotes, line breaks, a control character, an emoji. */
const findings: Finding[] = [
  {
    rule: 'debug-exit-unguarded',
    severity: 'error',
    message: 'exit(0) <ends> the app & "more" \'here\'',
    file: '/project/App/AppDelegate.swift',
    range: range(5, 8, 5, 15),
    related: [],
    fixes: [],
  },
  {
    rule: 'discretionary-transfer',
    severity: 'info',
    message: 'Line one\nline two\u0001 📦',
    file: '/project/App/Net/Down <load> & er.swift',
    range: range(7, 8, 8, 2),
    related: [{ file: '/project/App/Net/Down <load> & er.swift', range: range(6, 21, 6, 75), message: 'the background configuration' }],
    fixes: [],
  },
  {
    rule: 'identifier-shared-across-targets',
    severity: 'warning',
    message: 'Shared identifier',
    file: '/project/Share/Share.swift',
    range: range(0, 0, 0, 3),
    related: [],
    fixes: [],
  },
];

const context: ReportContext = {
  displayPath: (file) => file.slice('/project/'.length),
  rules,
  version: '9.9.9',
  cwd: '/project',
  lineText: () => '    exit(0)',
};

test('checkstyle: valid against the Checkstyle report schema, escaped, one <file> per file', async () => {
  const xml = formatCheckstyle(findings, context);
  assert.deepEqual(await xmlProblems(xml, 'checkstyle.xsd'), []);
  assert.deepEqual(await xmlProblems(formatCheckstyle([], context), 'checkstyle.xsd'), []);
  assert.ok(xml.includes('<file name="App/AppDelegate.swift">\n\t\t<error line="6" column="9" severity="error" message="exit(0) &lt;ends&gt; the app &amp; &quot;more&quot; &apos;here&apos;" source="urlsession-lint.rules.debug-exit-unguarded"/>'));
  assert.ok(xml.includes('message="Line one&#10;line two\uFFFD 📦"'), 'line break kept, control character replaced');
  assert.ok(xml.includes('<file name="App/Net/Down &lt;load&gt; &amp; er.swift">'));
  // The schema is no rubber stamp: a severity Checkstyle does not know is refused.
  assert.notDeepEqual(await xmlProblems(xml.replace('severity="error"', 'severity="fatal"'), 'checkstyle.xsd'), []);
});

test('junit: valid against the Jenkins JUnit schema; one failed test case per finding', async () => {
  const xml = formatJunit(findings, context);
  assert.deepEqual(await xmlProblems(xml, 'jenkins-junit.xsd'), []);
  assert.deepEqual(await xmlProblems(formatJunit([], context), 'jenkins-junit.xsd'), []);
  assert.match(xml, /<testsuites name="urlsession-lint" tests="3" failures="3" errors="0">/);
  assert.ok(xml.includes('<testcase classname="App/AppDelegate.swift" name="debug-exit-unguarded at 6:9">'));
  assert.ok(xml.includes('<failure message="Line one line two\uFFFD 📦" type="info">'));
  assert.notDeepEqual(await xmlProblems(xml.replace(/ name="debug-exit-unguarded at 6:9"/, ''), 'jenkins-junit.xsd'), [], 'a test case without a name is refused');
});

test('codeclimate: valid GitLab code quality issues; fingerprints unique, and blind to line numbers', () => {
  const issues = JSON.parse(formatCodeClimate(findings, context)) as { fingerprint: string; location: { path: string; lines: { begin: number } } }[];
  assert.deepEqual(jsonProblems(issues, 'gitlab-codequality.schema.json'), []);
  assert.deepEqual(issues.map((issue) => [issue.location.path, issue.location.lines.begin]), [
    ['App/AppDelegate.swift', 6],
    ['App/Net/Down <load> & er.swift', 8],
    ['Share/Share.swift', 1],
  ]);
  assert.equal(new Set(issues.map((issue) => issue.fingerprint)).size, 3);
  const moved = findings.map((finding) => ({ ...finding, range: range(finding.range.start.line + 4, 0, finding.range.end.line + 4, 1) }));
  assert.deepEqual(
    (JSON.parse(formatCodeClimate(moved, context)) as { fingerprint: string }[]).map((issue) => issue.fingerprint),
    issues.map((issue) => issue.fingerprint),
  );
  const twice = JSON.parse(formatCodeClimate([findings[0], { ...findings[0], range: range(9, 8, 9, 15) }], context)) as { fingerprint: string }[];
  assert.notEqual(twice[0].fingerprint, twice[1].fingerprint, 'the same finding twice in a file: two fingerprints');
  assert.notDeepEqual(jsonProblems([{ ...issues[0], location: { path: '/abs/A.swift', lines: { begin: 1 } } }], 'gitlab-codequality.schema.json'), []);
});

test('sonarqube: valid generic issue import (10.3+): each issue names a rule of the report; columns 0-based', () => {
  const report = JSON.parse(formatSonarqube(findings, context)) as {
    rules: { id: string; impacts: { severity: string }[] }[];
    issues: { ruleId: string; primaryLocation: { textRange: object }; secondaryLocations?: unknown[] }[];
  };
  assert.deepEqual(jsonProblems(report, 'sonarqube-generic-issues.schema.json'), []);
  assert.deepEqual(report.rules.map((rule) => [rule.id, rule.impacts[0].severity]), [
    ['debug-exit-unguarded', 'HIGH'],
    ['discretionary-transfer', 'LOW'],
    ['identifier-shared-across-targets', 'MEDIUM'],
  ]);
  for (const issue of report.issues) assert.ok(report.rules.some((rule) => rule.id === issue.ruleId), issue.ruleId);
  assert.deepEqual(report.issues[0].primaryLocation.textRange, { startLine: 6, endLine: 6, startColumn: 8, endColumn: 15 });
  assert.equal(report.issues[1].secondaryLocations?.length, 1);
  assert.deepEqual(JSON.parse(formatSonarqube([], context)), { rules: [], issues: [] });
});

test('every CI format of a real run on examples/ validates, and codeclimate fingerprints survive lines moving', async () => {
  const examples = join(repoRoot, 'examples');
  const run = (format: string, cwd = examples) => runCli(['--format', format, '.'], cwd).stdout;
  assert.deepEqual(await xmlProblems(run('checkstyle'), 'checkstyle.xsd'), []);
  assert.deepEqual(await xmlProblems(run('junit'), 'jenkins-junit.xsd'), []);
  const sonar = JSON.parse(run('sonarqube')) as { issues: unknown[] };
  assert.deepEqual(jsonProblems(sonar, 'sonarqube-generic-issues.schema.json'), []);
  assert.equal(sonar.issues.length, 7);
  assert.deepEqual(jsonProblems(JSON.parse(run('codeclimate')), 'gitlab-codequality.schema.json'), []);

  const dir = fixtureCopy('background');
  const fingerprints = () => (JSON.parse(run('codeclimate', dir)) as { fingerprint: string }[]).map((issue) => issue.fingerprint).sort();
  const before = fingerprints();
  const appDelegate = join(dir, 'AppDelegate.swift');
  writeFileSync(appDelegate, `// moved\n\n${readFileSync(appDelegate, 'utf8')}`);
  assert.deepEqual(fingerprints(), before);
});
