// Linting some files with the whole project as context: Xcode's script input files and file lists
// (--use-script-input-files, --use-script-input-file-lists) and --use-stdin with --stdin-path.
// Runs the built CLI on a copy of examples/BackgroundTransfers, whose ShareViewController.swift
// shares a background identifier with UploadQueue.swift in the app target: a finding that only
// the project around the file can give.
import test from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lines, linesBeforeSummary, repoRoot, runCli, tempDir } from './helpers';

interface Reported {
  file: string;
  line: number;
  rule: string;
}

/** The findings of a JSON report, with paths relative to `dir` when they are absolute. */
function reported(stdout: string, dir?: string): Reported[] {
  return (JSON.parse(stdout) as Reported[]).map(({ file, line, rule }) => ({ file: dir && file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : file, line, rule }));
}

function exampleProject(): string {
  const dir = tempDir();
  cpSync(join(repoRoot, 'examples', 'BackgroundTransfers'), dir, { recursive: true });
  return dir;
}

const share = 'ShareExtension/ShareViewController.swift';
const appDelegate = 'BackgroundTransfers/AppDelegate.swift';

/** What a whole-project run reports for `files`. */
function wholeProjectFindings(dir: string, files: string[]): Reported[] {
  return reported(runCli(['--format', 'json', '.'], dir).stdout).filter((finding) => files.includes(finding.file));
}

test('--use-script-input-files lints the named files with the whole project as context', () => {
  const dir = exampleProject();
  const expected = wholeProjectFindings(dir, [share, appDelegate]);
  assert.ok(expected.some((finding) => finding.file === share && finding.rule === 'identifier-shared-across-targets'), 'the cross-target finding is there');
  const env = {
    SCRIPT_INPUT_FILE_COUNT: '3',
    SCRIPT_INPUT_FILE_0: join(dir, share),
    SCRIPT_INPUT_FILE_1: join(dir, appDelegate),
    SCRIPT_INPUT_FILE_2: join(dir, 'BackgroundTransfers.xcodeproj', 'project.pbxproj'),
  };
  const run = runCli(['--format', 'json', '--use-script-input-files'], dir, { env });
  assert.equal(run.stderr, '');
  assert.ok((JSON.parse(run.stdout) as Reported[]).every((finding) => finding.file.startsWith(`${dir}/`)), 'absolute paths, as Xcode needs');
  assert.deepEqual(reported(run.stdout, dir), expected, 'the same findings as a whole-project run, for those files only');
  assert.equal(run.status, 1);

  const xcode = runCli(['--use-script-input-files'], dir, { env });
  assert.deepEqual(linesBeforeSummary(xcode.stderr), []);
  assert.match(lines(xcode.stderr)[0], / in 2 files, /, 'the two Swift files linted, not the project around them');
});

test('--use-script-input-file-lists reads .xcfilelist files, expanding $(SRCROOT), skipping comments and excluded files', () => {
  const dir = exampleProject();
  writeFileSync(join(dir, '.urlsession-lint.yml'), 'excluded:\n  - BackgroundTransfers/AppDelegate.swift\n');
  writeFileSync(join(dir, 'Lint.xcfilelist'), `# files to lint\n$(SRCROOT)/${share}\n\n\${SRCROOT}/${appDelegate}\n`);
  const run = runCli(['--format', 'json', '--use-script-input-file-lists'], dir, {
    env: { SRCROOT: dir, SCRIPT_INPUT_FILE_LIST_COUNT: '1', SCRIPT_INPUT_FILE_LIST_0: join(dir, 'Lint.xcfilelist') },
  });
  assert.equal(run.stderr, '');
  const findings = reported(run.stdout, dir);
  assert.deepEqual(findings, wholeProjectFindings(dir, [share]));
  assert.ok(findings.some((finding) => finding.rule === 'identifier-shared-across-targets'));
});

test('no input files (nothing changed, says dependency analysis): nothing to report', () => {
  const dir = exampleProject();
  const run = runCli(['--use-script-input-files'], dir, { env: { SCRIPT_INPUT_FILE_COUNT: '0' } });
  assert.equal(run.status, 0);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^0 problems in 0 files, /);
});

test('bad script inputs: exit 2, one line, nothing written', () => {
  const dir = exampleProject();
  writeFileSync(join(dir, 'Missing.xcfilelist'), `$(SRCROOT)/${share}\n$(SRCROOT)/Gone.swift\n`);
  writeFileSync(join(dir, 'Unset.xcfilelist'), '$(NOT_SET_ANYWHERE)/A.swift\n');
  const cases: [string[], Record<string, string>, string][] = [
    [['--use-script-input-files'], {}, 'urlsession-lint: --use-script-input-files: SCRIPT_INPUT_FILE_COUNT is not set (run it from an Xcode Run Script phase, or set it)'],
    [['--use-script-input-files'], { SCRIPT_INPUT_FILE_COUNT: 'two' }, "urlsession-lint: --use-script-input-files: SCRIPT_INPUT_FILE_COUNT is not a number: 'two'"],
    [['--use-script-input-files'], { SCRIPT_INPUT_FILE_COUNT: '1' }, 'urlsession-lint: --use-script-input-files: SCRIPT_INPUT_FILE_0 is not set'],
    [['--use-script-input-files'], { SCRIPT_INPUT_FILE_COUNT: '1', SCRIPT_INPUT_FILE_0: join(dir, 'Gone.swift') }, `urlsession-lint: --use-script-input-files: SCRIPT_INPUT_FILE_0: no such file: ${join(dir, 'Gone.swift')}`],
    [['--use-script-input-file-lists'], { SCRIPT_INPUT_FILE_LIST_COUNT: '1', SCRIPT_INPUT_FILE_LIST_0: join(dir, 'None.xcfilelist') }, `urlsession-lint: --use-script-input-file-lists: cannot read SCRIPT_INPUT_FILE_LIST_0 ${join(dir, 'None.xcfilelist')} (no such file)`],
    [['--use-script-input-file-lists'], { SRCROOT: dir, SCRIPT_INPUT_FILE_LIST_COUNT: '1', SCRIPT_INPUT_FILE_LIST_0: join(dir, 'Missing.xcfilelist') }, `urlsession-lint: ${join(dir, 'Missing.xcfilelist')}:2: no such file: ${join(dir, 'Gone.swift')}`],
    [['--use-script-input-file-lists'], { SCRIPT_INPUT_FILE_LIST_COUNT: '1', SCRIPT_INPUT_FILE_LIST_0: join(dir, 'Unset.xcfilelist') }, `urlsession-lint: ${join(dir, 'Unset.xcfilelist')}:1: $(NOT_SET_ANYWHERE) is not set`],
  ];
  for (const [args, env, message] of cases) {
    const run = runCli([...args, '--output', 'report.txt', '--write-baseline', 'baseline.json'], dir, { env });
    assert.equal(run.status, 2, message);
    assert.equal(run.stdout, '');
    assert.deepEqual(lines(run.stderr), [message]);
  }
  assert.deepEqual(
    ['report.txt', 'baseline.json'].filter((name) => {
      try {
        readFileSync(join(dir, name));
        return true;
      } catch {
        return false;
      }
    }),
    [],
    'nothing written',
  );
});

test('--use-stdin --stdin-path lints standard input as that file, with its project as context', () => {
  const dir = exampleProject();
  const text = readFileSync(join(dir, share), 'utf8');
  const same = runCli(['--format', 'json', '--use-stdin', '--stdin-path', share], dir, { input: text });
  assert.equal(same.stderr, '');
  assert.deepEqual(reported(same.stdout), wholeProjectFindings(dir, [share]));

  // The text on stdin, not the file on disk: an edit not saved yet.
  const edited = text.replace('com.example.backgroundtransfers.uploads', 'com.example.backgroundtransfers.share-uploads');
  const unsaved = runCli(['--format', 'json', '--use-stdin', '--stdin-path', share], dir, { input: edited });
  assert.ok(!reported(unsaved.stdout).some((finding) => finding.rule === 'identifier-shared-across-targets'), unsaved.stdout);

  const anonymous = runCli(['--use-stdin'], dir, { input: readFileSync(join(dir, appDelegate)) });
  assert.match(lines(anonymous.stdout)[0], /^<stdin>:\d+:\d+: error: .*\[debug-exit-unguarded\]$/);
  assert.equal(anonymous.status, 1);
});

test('bad stdin use: exit 2, one line', () => {
  const dir = exampleProject();
  const cases: [string[], string | Buffer, string][] = [
    [['--stdin-path', 'A.swift'], '', 'urlsession-lint: --stdin-path needs --use-stdin'],
    [['--use-stdin', 'Sources'], '', 'urlsession-lint: --use-stdin lints standard input: name the file with --stdin-path, not as a path'],
    [['--use-stdin', '--fix'], '', 'urlsession-lint: --fix cannot fix standard input'],
    [['--use-stdin', '--use-script-input-files'], '', 'urlsession-lint: --use-stdin and --use-script-input-files(-lists) cannot be used together'],
    [['--use-stdin', '--stdin-path', 'notes.txt'], 'let a = 1\n', 'urlsession-lint: --stdin-path must name a .swift file: notes.txt'],
    [['--use-stdin'], Buffer.from([0x6c, 0x65, 0x74, 0xff]), 'urlsession-lint: standard input is not valid UTF-8'],
    [['--use-stdin'], Buffer.from([0x6c, 0x00]), 'urlsession-lint: standard input is binary (contains NUL bytes)'],
  ];
  for (const [args, input, message] of cases) {
    const run = runCli(args, dir, { input });
    assert.equal(run.status, 2, args.join(' '));
    assert.equal(run.stdout, '');
    assert.deepEqual(lines(run.stderr), [message]);
  }
});
