// Builds the CLI-only npm package `urlsession-lint` from the bundle in dist/ (run `npm run build`
// first; `npm run package:cli` does both): the command (a launcher and the bundle it runs), the
// two WASM files the parser loads, the rule pages SARIF links to, a README and the licence. No
// runtime dependencies: everything is in the bundle. Writes urlsession-lint-<version>.tgz into the
// folder given with --out (default: the repository root) and prints its path.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outIndex = process.argv.indexOf('--out');
const outDir = resolve(outIndex === -1 ? repoRoot : process.argv[outIndex + 1]);

const extension = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const bundled = ['cli.js', 'cli-main.js', 'web-tree-sitter.wasm', 'tree-sitter-swift.wasm'];
for (const file of bundled) {
  if (!existsSync(join(repoRoot, 'dist', file))) {
    console.error(`pack: dist/${file} is missing; run \`npm run build\` first (or \`npm run package:cli\`)`);
    process.exit(1);
  }
}

const stage = mkdtempSync(join(tmpdir(), 'urlsession-lint-pack-'));
try {
  mkdirSync(join(stage, 'dist'));
  for (const file of bundled) cpSync(join(repoRoot, 'dist', file), join(stage, 'dist', file));
  cpSync(join(repoRoot, 'docs', 'rules'), join(stage, 'docs', 'rules'), { recursive: true });
  cpSync(join(repoRoot, 'LICENSE'), join(stage, 'LICENSE'));
  cpSync(join(repoRoot, 'packaging', 'cli', 'README.md'), join(stage, 'README.md'));
  const manifest = {
    name: 'urlsession-lint',
    version: extension.version,
    description: 'Finds background URLSession mistakes in Swift code: the command line of URLSession Background Lint, for CI and Xcode build phases.',
    license: extension.license,
    repository: extension.repository,
    keywords: ['swift', 'urlsession', 'lint', 'ios', 'xcode', 'background-transfer'],
    bin: { 'urlsession-lint': 'dist/cli.js' },
    files: ['dist/', 'docs/rules/', 'README.md', 'LICENSE'],
    engines: { node: '>=20' },
  };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  mkdirSync(outDir, { recursive: true });
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: stage, encoding: 'utf8' }));
  console.log(join(outDir, packed[0].filename));
} finally {
  rmSync(stage, { recursive: true, force: true });
}
