// Bundles the CLI, the language server and the VS Code client into dist/, and copies the two
// WASM files the parser needs beside them.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fastWasmMemoryPlugin } from './packaging/build/fastWasmMemory.mjs';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const outdir = 'dist';
mkdirSync(outdir, { recursive: true });

// The ESM build of web-tree-sitter reads import.meta.url, which is undefined in a CJS bundle.
const webTreeSitterCjs = require.resolve('web-tree-sitter'); // the `require` condition: web-tree-sitter.cjs

// dist/cli.js is the command: a launcher that runs dist/cli-main.js from V8's code cache.
const entryPoints = { cli: 'server/src/cli/launcher.ts', 'cli-main': 'server/src/cli/main.ts' };
if (existsSync('server/src/lsp/main.ts')) entryPoints.server = 'server/src/lsp/main.ts';
if (existsSync('client/src/extension.ts')) entryPoints.client = 'client/src/extension.ts';

const options = {
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: ['vscode'],
  alias: { 'web-tree-sitter': webTreeSitterCjs },
  plugins: [fastWasmMemoryPlugin],
  logLevel: 'warning',
};

copyFileSync(join(dirname(webTreeSitterCjs), 'web-tree-sitter.wasm'), join(outdir, 'web-tree-sitter.wasm'));
copyFileSync('server/grammar/tree-sitter-swift.wasm', join(outdir, 'tree-sitter-swift.wasm'));

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
