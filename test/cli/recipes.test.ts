// The README's recipes, tested as far as they can be here: every `urlsession-lint` command in
// them parses, the CI YAML blocks are YAML, the Xcode build-phase script runs under bash with
// Xcode's variables (and touches its stamp only when the lint passed), and .pre-commit-hooks.yaml
// names the command the package installs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseCliArgs } from '../../server/src/cli/args';
import { cliPath, repoRoot, tempDir } from './helpers';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, language, body]) => ({ language, body }));

test('every urlsession-lint command in the README parses', () => {
  const commands = blocks
    .flatMap(({ body }) => body.split('\n'))
    .filter((line) => !/install|echo|command -v|id: /.test(line))
    .map((line) => /(?:^|\s|run: |- )urlsession-lint((?: [^#&]*)?)/.exec(line.trim())?.[1]?.trim())
    .filter((args): args is string => args !== undefined);
  assert.ok(commands.length >= 8, `found ${commands.length}`);
  for (const args of commands) assert.doesNotThrow(() => parseCliArgs(args.split(/\s+/).filter(Boolean)), args);
});

test('the README YAML recipes are YAML with the reports where the CI systems look', () => {
  const yamls = blocks.filter((block) => block.language === 'yaml').map((block) => parse(block.body) as Record<string, any>);
  const github = yamls.find((doc) => doc.jobs);
  assert.equal(github?.permissions['security-events'], 'write');
  const steps = github?.jobs.lint.steps as Record<string, any>[];
  assert.equal(steps.at(-1)?.uses, 'github/codeql-action/upload-sarif@v3');
  assert.ok(steps.some((step) => step.run === `urlsession-lint --reporter sarif --output ${steps.at(-1)?.with.sarif_file}`));
  const gitlab = yamls.find((doc) => doc['urlsession-lint']);
  const report = gitlab?.['urlsession-lint'].artifacts.reports.codequality;
  assert.ok((gitlab?.['urlsession-lint'].script as string[]).includes(`urlsession-lint --reporter codeclimate --output ${report}`));
  const precommit = yamls.find((doc) => doc.repos);
  const hooks = parse(readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
  assert.equal(precommit?.repos[0].hooks[0].id, hooks[0].id);
});

test('.pre-commit-hooks.yaml runs the installed command once on the whole project when Swift changes', () => {
  const [hook, ...rest] = parse(readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
  assert.deepEqual(rest, []);
  assert.deepEqual(
    { id: hook.id, entry: hook.entry, language: hook.language, types: hook.types, pass_filenames: hook.pass_filenames },
    { id: 'urlsession-lint', entry: 'urlsession-lint', language: 'system', types: ['swift'], pass_filenames: false },
  );
  assert.ok(typeof hook.name === 'string' && typeof hook.description === 'string');
});

test('the Xcode build-phase script lints the input file list and touches its stamp only when nothing failed', () => {
  const script = blocks.find((block) => block.body.includes('--use-script-input-file-lists'))?.body;
  assert.ok(script);
  assert.match(script, /if \[\[ "\$\(uname -m\)" == arm64 \]\]; then export PATH="\/opt\/homebrew\/bin:\$PATH"; fi/);
  const bin = tempDir();
  writeFileSync(join(bin, 'urlsession-lint'), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
  chmodSync(join(bin, 'urlsession-lint'), 0o755);
  const srcroot = tempDir();
  cpSync(join(repoRoot, 'examples', 'BackgroundTransfers'), srcroot, { recursive: true });
  mkdirSync(join(srcroot, 'derived'));
  const list = join(srcroot, 'Lint.xcfilelist');
  const stamp = join(srcroot, 'derived', 'urlsession-lint.stamp');
  const phase = (files: string[]) => {
    writeFileSync(list, files.map((file) => `$(SRCROOT)/${file}\n`).join(''));
    return spawnSync('bash', ['-c', script], {
      cwd: srcroot,
      encoding: 'utf8',
      env: { PATH: `${bin}:/usr/bin:/bin`, SRCROOT: srcroot, SCRIPT_INPUT_FILE_LIST_COUNT: '1', SCRIPT_INPUT_FILE_LIST_0: list, SCRIPT_OUTPUT_FILE_0: stamp },
    });
  };
  const failing = phase(['BackgroundTransfers/AppDelegate.swift']);
  assert.equal(failing.status, 1);
  assert.match(failing.stdout, new RegExp(`^${join(srcroot, 'BackgroundTransfers/AppDelegate.swift')}:40:9: error: .*\\[debug-exit-unguarded\\]$`, 'm'));
  assert.ok(!existsSync(stamp), 'no stamp after an error: the next build lints again');
  const passing = phase(['Shared/TransferStatusStore.swift']);
  assert.equal(passing.status, 0, passing.stderr);
  assert.ok(existsSync(stamp));

  const missing = spawnSync('bash', ['-c', script], { cwd: srcroot, encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
  assert.equal(missing.status, 0);
  assert.match(missing.stdout, /^warning: urlsession-lint is not installed/);
});
