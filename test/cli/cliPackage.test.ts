// The installable command: packaging/cli/pack.mjs (what `npm run package:cli` runs after the
// build) makes the `urlsession-lint` tarball from dist/; npm installs it globally into an empty
// prefix, and the installed command lints examples/ exactly as dist/cli.js does.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runCli, tempDir } from './helpers';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

test('npm run package:cli: a CLI-only tarball that installs with npm install -g and lints examples/', { timeout: 180_000 }, () => {
  const out = tempDir();
  const tarball = execFileSync(process.execPath, [join(repoRoot, 'packaging', 'cli', 'pack.mjs'), '--out', out], { encoding: 'utf8' }).trim();
  assert.ok(existsSync(tarball), tarball);

  const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
  const rulePages = listed.filter((path) => path.startsWith('package/docs/rules/'));
  assert.ok(rulePages.length > 30, 'the rule pages SARIF links to');
  assert.deepEqual(listed.filter((path) => !rulePages.includes(path)), [
    'package/LICENSE',
    'package/README.md',
    'package/dist/cli-main.js',
    'package/dist/cli.js',
    'package/dist/tree-sitter-swift.wasm',
    'package/dist/web-tree-sitter.wasm',
    'package/package.json',
  ]);
  const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as Record<string, unknown>;
  assert.equal(manifest.name, 'urlsession-lint');
  assert.deepEqual(manifest.bin, { 'urlsession-lint': 'dist/cli.js' });
  assert.deepEqual(manifest.engines, { node: '>=20' });
  assert.equal(manifest.dependencies, undefined, 'no runtime dependencies');
  assert.equal(manifest.version, JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);

  // An empty folder and prefix; --offline proves nothing is fetched.
  const folder = tempDir();
  const prefix = join(folder, 'prefix');
  const install = spawnSync(npm, ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { cwd: folder, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stderr);
  const command = join(prefix, 'bin', 'urlsession-lint');
  assert.ok(existsSync(command), 'npm linked the bin');

  const examples = join(repoRoot, 'examples');
  const installed = spawnSync(command, ['--format', 'json', '.'], { cwd: examples, encoding: 'utf8' });
  const built = runCli(['--format', 'json', '.'], examples);
  assert.equal(installed.status, 1, installed.stderr);
  assert.equal(installed.stderr, '');
  assert.equal(installed.stdout, built.stdout);
  assert.equal((JSON.parse(installed.stdout) as unknown[]).length, 7, "the findings examples/README.md lists");
  const docs = JSON.parse(spawnSync(command, ['--rules', '--format', 'json'], { encoding: 'utf8' }).stdout) as { docs: string }[];
  assert.ok(docs[0].docs.startsWith(`file://${prefix}/`), 'rule pages from the installed package');
  assert.ok(existsSync(new URL(docs[0].docs)), docs[0].docs);
});
