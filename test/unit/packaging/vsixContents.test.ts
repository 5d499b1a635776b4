// What `npm run package` puts in the .vsix: the bundles, both WASM files, snippets, rule pages,
// walkthrough pages, the icon and the usual documents — and nothing else. Needs `npm run build`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..', '..');

function vsixFiles(): string[] {
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const output = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  return output.split('\n').map((line) => line.trim()).filter(Boolean).sort();
}

const markdownIn = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `${dir}/${name}`);

describe('the .vsix', () => {
  it('holds exactly the extension files', { timeout: 60_000 }, () => {
    assert.ok(existsSync(join(root, 'dist', 'server.js')), 'run `npm run build` first');
    const expected = [
      'package.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      'dist/client.js',
      'dist/server.js',
      'dist/cli.js',
      'dist/cli-main.js',
      'dist/web-tree-sitter.wasm',
      'dist/tree-sitter-swift.wasm',
      'snippets/swift.json',
      'images/icon.png',
      ...markdownIn('docs/rules'),
      ...markdownIn('client/walkthrough'),
    ].sort();
    assert.deepEqual(vsixFiles(), expected);
  });
});
