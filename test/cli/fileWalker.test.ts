// walkSwiftFiles: by file type, default skips, .gitignore (nested, negated, above the root),
// config excluded/included, symlinks and their loops.
import test from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadConfig } from '../../server/src/config/lintConfig';
import { walkSwiftFiles, walkSwiftFilesGradually } from '../../server/src/engine/fileWalker';
import { isRoot, tempDir } from './helpers';

/** Creates files (content = their name) and folders (names ending in `/`) under `root`. */
function tree(root: string, paths: string[]): void {
  for (const path of paths) {
    if (path.endsWith('/')) {
      mkdirSync(join(root, path), { recursive: true });
    } else {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), path.endsWith('.gitignore') ? '' : `// ${path}\n`);
    }
  }
}

function walk(roots: string[], base: string, config?: Parameters<typeof walkSwiftFiles>[1]['config']) {
  const problems: string[] = [];
  const files = walkSwiftFiles(roots, { config, onProblem: (path, message) => problems.push(`${relative(base, path) || '.'}: ${message}`) });
  return { files: files.map((file) => relative(base, file)), problems };
}

test('finds .swift regular files by type; a folder named Foo.swift is walked into', () => {
  const root = tempDir();
  tree(root, ['App/AppDelegate.swift', 'App/Info.plist', 'App/notes.swift.orig', 'Kit.swift/Sources/Kit.swift', 'Package.swift', 'README.md']);
  const { files, problems } = walk([root], root);
  assert.deepEqual(files, ['App/AppDelegate.swift', 'Kit.swift/Sources/Kit.swift', 'Package.swift']);
  assert.deepEqual(problems, []);
});

test('skips dependency and build folders anywhere, but not files that share their names', () => {
  const root = tempDir();
  tree(root, [
    'App/Main.swift',
    'App/Pods.swift',
    '.build/checkouts/Dep.swift',
    'Pods/Alamofire/Session.swift',
    'Carthage/Checkouts/Kit.swift',
    'App/DerivedData/Gen.swift',
    'node_modules/pkg/Thing.swift',
    '.git/hooks/Hook.swift',
    'Nested/Deeper/Pods/Lib.swift',
  ]);
  assert.deepEqual(walk([root], root).files, ['App/Main.swift', 'App/Pods.swift']);
});

test('a path named as a root is walked or linted even when a default skip would pass it over', () => {
  const root = tempDir();
  tree(root, ['Pods/Alamofire/Session.swift', 'Pods/Alamofire/.build/Gen.swift', 'Carthage/Kit.swift']);
  assert.deepEqual(walk([join(root, 'Pods')], root).files, ['Pods/Alamofire/Session.swift']);
  assert.deepEqual(walk([join(root, 'Carthage', 'Kit.swift')], root).files, ['Carthage/Kit.swift']);
});

test('.gitignore files apply to their own folder and below; deeper files win, negations included', () => {
  const root = tempDir();
  tree(root, [
    'Generated/API.swift',
    'App/Model.generated.swift',
    'App/Keep.generated.swift',
    'App/Local.swift',
    'App/Sub/Local.swift',
    'Local.swift',
    'Other/Local.swift',
    'Main.swift',
  ]);
  writeFileSync(join(root, '.gitignore'), '# generated code\nGenerated/\n*.generated.swift\n');
  writeFileSync(join(root, 'App', '.gitignore'), 'Local.swift\n!Keep.generated.swift\n');
  assert.deepEqual(walk([root], root).files, ['App/Keep.generated.swift', 'Local.swift', 'Main.swift', 'Other/Local.swift']);
});

test('inside a git repository, .gitignore files above the root apply too, unless they ignore the root itself', () => {
  const repo = tempDir();
  mkdirSync(join(repo, '.git'));
  tree(repo, ['Sources/App/Main.swift', 'Sources/App/Secrets.swift', 'Sources/Generated/API.swift']);
  writeFileSync(join(repo, '.gitignore'), 'Secrets.swift\nGenerated/\n');
  assert.deepEqual(walk([join(repo, 'Sources')], repo).files, ['Sources/App/Main.swift']);
  // Named explicitly: the user wants it linted.
  assert.deepEqual(walk([join(repo, 'Sources', 'Generated')], repo).files, ['Sources/Generated/API.swift']);

  // Outside a repository, a .gitignore above the root is nobody's business.
  const plain = tempDir();
  tree(plain, ['Sources/Secrets.swift']);
  writeFileSync(join(plain, '.gitignore'), 'Secrets.swift\n');
  assert.deepEqual(walk([join(plain, 'Sources')], plain).files, ['Sources/Secrets.swift']);
});

test('config excluded prunes files and folders; included keeps only matching files', () => {
  const root = tempDir();
  tree(root, ['Sources/App/Main.swift', 'Sources/App/Mocks/Mock.swift', 'Sources/Kit/Kit.swift', 'Tests/AppTests.swift', 'Vendor/Lib.swift']);
  writeFileSync(join(root, '.urlsession-lint.yml'), 'excluded:\n  - Vendor\n  - "**/Mocks"\nincluded:\n  - Sources\n');
  const config = loadConfig(join(root, '.urlsession-lint.yml'), { knownRuleIds: [], defaultBaseDir: root });
  assert.deepEqual(walk([root], root, config).files, ['Sources/App/Main.swift', 'Sources/Kit/Kit.swift']);
  // An explicitly named file is linted whatever the config says; an excluded folder named as a root is walked.
  assert.deepEqual(walk([join(root, 'Tests', 'AppTests.swift')], root, config).files, ['Tests/AppTests.swift']);
  assert.deepEqual(walk([join(root, 'Vendor')], root, config).files, []);
  writeFileSync(join(root, '.urlsession-lint.yml'), 'excluded:\n  - Vendor\n');
  const excludeOnly = loadConfig(join(root, '.urlsession-lint.yml'), { knownRuleIds: [], defaultBaseDir: root });
  assert.deepEqual(walk([join(root, 'Vendor')], root, excludeOnly).files, ['Vendor/Lib.swift']);
});

test('symlink loops are reported once and do not hang; links add nothing twice', () => {
  const root = tempDir();
  tree(root, ['App/Main.swift', 'Shared/Util.swift']);
  symlinkSync('..', join(root, 'App', 'up'));
  symlinkSync('loop.swift', join(root, 'App', 'loop.swift'));
  symlinkSync(join(root, 'Shared'), join(root, 'App', 'SharedLink'));
  symlinkSync('Main.swift', join(root, 'App', 'Alias.swift'));
  symlinkSync('missing.swift', join(root, 'App', 'Dangling.swift'));
  symlinkSync('missing.txt', join(root, 'App', 'dangling.txt'));
  const { files, problems } = walk([root], root);
  // Files are listed under their real place, not under the links that also reach them.
  assert.deepEqual(files, ['App/Main.swift', 'Shared/Util.swift']);
  assert.deepEqual(problems, [
    'App/Dangling.swift: no such file or folder',
    'App/loop.swift: symlink loop',
    'App/up: symlink loop (links to a folder that contains it)',
  ]);
});

test('overlapping roots list each file once; a missing root is a problem, not a crash', () => {
  const root = tempDir();
  tree(root, ['App/Main.swift', 'App/View.swift']);
  const { files, problems } = walk([root, join(root, 'App'), join(root, 'App', 'Main.swift'), join(root, 'Nope')], root);
  assert.deepEqual(files, ['App/Main.swift', 'App/View.swift']);
  assert.deepEqual(problems, ['Nope: no such file or folder']);
  assert.deepEqual(walk([join(root, 'App', 'Main.swift'), root], root).files, ['App/Main.swift', 'App/View.swift']);
});

test('a named file that is not Swift is reported', () => {
  const root = tempDir();
  tree(root, ['README.md']);
  assert.deepEqual(walk([join(root, 'README.md')], root).problems, ['README.md: not a .swift file']);
});

test('an unreadable folder is reported and the walk goes on', { skip: isRoot && 'root can read any folder' }, () => {
  const root = tempDir();
  tree(root, ['Locked/Secret.swift', 'Open/Main.swift']);
  chmodSync(join(root, 'Locked'), 0o000);
  try {
    const { files, problems } = walk([root], root);
    assert.deepEqual(files, ['Open/Main.swift']);
    assert.deepEqual(problems, ['Locked: permission denied']);
  } finally {
    chmodSync(join(root, 'Locked'), 0o755);
  }
});

test('a symlinked folder outside the walked tree is followed', () => {
  const outside = tempDir();
  tree(outside, ['Lib/Shared.swift']);
  const root = tempDir();
  tree(root, ['App/Main.swift']);
  symlinkSync(join(outside, 'Lib'), join(root, 'App', 'Lib'));
  assert.deepEqual(walk([root], root).files, ['App/Main.swift', 'App/Lib/Shared.swift']);
});

test('the gradual walk finds the same files, stepping once per folder listed', async () => {
  const root = tempDir();
  tree(root, ['App/AppDelegate.swift', 'App/Views/List.swift', 'Kit/Sources/Kit.swift', 'Pods/Lib/Lib.swift', 'README.md']);
  let steps = 0;
  const files = await walkSwiftFilesGradually([root], { onProblem: () => {} }, async () => {
    steps++;
  });
  assert.deepEqual(files, walkSwiftFiles([root], { onProblem: () => {} }));
  // root, App, App/Views, Kit, Kit/Sources (Pods is skipped unlisted).
  assert.equal(steps, 5);
});
