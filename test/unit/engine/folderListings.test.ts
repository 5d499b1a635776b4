// Folder listings kept between runs: an unchanged tree is walked without reading a folder, and
// anything that changes what the walk or the project discovery finds is seen — a folder gaining,
// losing or renaming an entry (even with its mtime put back), a .gitignore edited in place, a new
// project file. A corrupt, torn, altered or foreign listings file is ignored and rewritten.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import test from 'node:test';
import { walkSwiftFiles } from '../../../server/src/engine/fileWalker';
import { FolderListings } from '../../../server/src/engine/folderListings';
import { discover } from '../../../server/src/project/discover';
import { tempDir } from '../../cli/helpers';

function tree(root: string, paths: string[]): void {
  for (const path of paths) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), path.endsWith('.gitignore') ? '' : `// ${path}\n`);
  }
}

/** Folders changed just now are read again next time (a change in the same clock tick would be unseen): make them look old. */
function age(path: string): void {
  const old = new Date(Date.now() - 60_000);
  utimesSync(path, old, old);
  if (statSync(path).isDirectory()) for (const name of readdirSync(path)) age(join(path, name));
}

interface Run {
  files: string[];
  projectFiles: string[];
  foldersRead: number;
}

/** Walks and discovers `root` as a CLI run does: one set of listings, saved at the end (none: no cache). */
function run(root: string, cacheFile?: string): Run {
  const listings = new FolderListings(cacheFile ? { file: cacheFile, build: 'test build' } : undefined);
  const files = walkSwiftFiles([root], { onProblem: () => {}, listings });
  const found = discover(root, listings);
  listings.save();
  const projectFiles = [...found.pbxprojs, ...found.packageManifests, ...found.infoPlists, ...found.entitlements, ...found.xcodegenSpecs];
  return { files: files.map((file) => relative(root, file)), projectFiles: projectFiles.map((file) => relative(root, file)).sort(), foldersRead: listings.foldersRead };
}

function workspace(): { root: string; cacheFile: string } {
  const scratch = tempDir();
  const root = join(scratch, 'App');
  tree(root, ['App/AppDelegate.swift', 'App/Info.plist', 'App/App.entitlements', 'Kit/Sources/Kit.swift', 'Kit/Package.swift', 'Share/Share.swift', '.gitignore', 'App.xcodeproj/project.pbxproj']);
  age(root);
  return { root, cacheFile: join(scratch, 'cache', 'listings.json') };
}

/** The same as a walk without any cache, and (when given) reading that many folders. */
function assertLikeUncached(root: string, actual: Run, foldersRead?: number, label = ''): void {
  const expected = run(root);
  assert.deepEqual(actual.files, expected.files, label);
  assert.deepEqual(actual.projectFiles, expected.projectFiles, label);
  if (foldersRead !== undefined) assert.equal(actual.foldersRead, foldersRead, label);
}

test('an unchanged tree is walked again without reading a folder, with the same files and project files', () => {
  const { root, cacheFile } = workspace();
  const cold = run(root, cacheFile);
  assert.ok(cold.foldersRead > 0);
  assert.ok(cold.files.includes(join('Kit', 'Sources', 'Kit.swift')));
  assert.ok(cold.projectFiles.includes(join('App.xcodeproj', 'project.pbxproj')));
  assertLikeUncached(root, run(root, cacheFile), 0);
});

test('a folder gaining, losing or renaming a file is read again, even with its mtime put back', () => {
  const { root, cacheFile } = workspace();
  run(root, cacheFile);
  const app = join(root, 'App');
  writeFileSync(join(app, 'Uploader.swift'), '// new\n');
  const gained = run(root, cacheFile);
  assert.ok(gained.files.includes(join('App', 'Uploader.swift')));
  assertLikeUncached(root, gained, 1, 'gained');

  age(root);
  run(root, cacheFile);
  const times = statSync(app);
  renameSync(join(app, 'Uploader.swift'), join(app, 'Downloader.swift'));
  // Putting the folder's mtime back leaves its ctime changed: still seen.
  utimesSync(app, times.atime, times.mtime);
  assert.equal(statSync(app).mtimeMs, times.mtimeMs);
  const renamed = run(root, cacheFile);
  assert.ok(renamed.files.includes(join('App', 'Downloader.swift')) && !renamed.files.includes(join('App', 'Uploader.swift')));
  assertLikeUncached(root, renamed, 1, 'renamed');

  age(root);
  run(root, cacheFile);
  const appTimes = statSync(app);
  const rootTimes = statSync(root);
  rmSync(join(app, 'Downloader.swift'));
  rmSync(join(root, 'Share'), { recursive: true });
  utimesSync(app, appTimes.atime, appTimes.mtime);
  utimesSync(root, rootTimes.atime, rootTimes.mtime);
  const lost = run(root, cacheFile);
  assert.ok(!lost.files.includes(join('App', 'Downloader.swift')) && !lost.files.includes(join('Share', 'Share.swift')));
  assertLikeUncached(root, lost, undefined, 'lost');
});

test('a new project file in a listed folder is discovered', () => {
  const { root, cacheFile } = workspace();
  run(root, cacheFile);
  writeFileSync(join(root, 'Share', 'Info.plist'), '<plist/>');
  writeFileSync(join(root, 'Share', 'Share.entitlements'), '<plist/>');
  const found = run(root, cacheFile);
  assert.ok(found.projectFiles.includes(join('Share', 'Info.plist')) && found.projectFiles.includes(join('Share', 'Share.entitlements')));
  assertLikeUncached(root, found);
});

test('a .gitignore edited in place (its folder unchanged) is applied at once, and undone', () => {
  const { root, cacheFile } = workspace();
  const before = run(root, cacheFile);
  assert.ok(before.files.includes(join('Share', 'Share.swift')));
  const gitignore = join(root, '.gitignore');
  writeFileSync(gitignore, 'Share/\n');
  const ignored = run(root, cacheFile);
  assert.ok(!ignored.files.includes(join('Share', 'Share.swift')));
  assertLikeUncached(root, ignored, 0, 'ignored');
  writeFileSync(gitignore, '# nothing\n');
  const back = run(root, cacheFile);
  assert.ok(back.files.includes(join('Share', 'Share.swift')));
  assertLikeUncached(root, back, 0, 'back');
});

test('a corrupt, torn, altered or foreign listings file is ignored and rewritten', () => {
  const { root, cacheFile } = workspace();
  run(root, cacheFile);
  const good = readFileSync(cacheFile, 'utf8');
  const newline = good.indexOf('\n');
  const payload = JSON.parse(good.slice(newline + 1));
  const sealed = (data: unknown) => {
    const text = JSON.stringify(data);
    return `${createHash('sha256').update(text).digest('hex')}\n${text}`;
  };
  const appFolder = join(root, 'App');
  const [signature, kinds, names] = payload.folders[appFolder];
  const variants: Record<string, string> = {
    garbage: 'not a cache at all',
    empty: '',
    torn: good.slice(0, good.length / 2),
    // The App folder's listing emptied but the old checksum kept: the checksum no longer matches.
    altered: `${good.slice(0, newline)}\n${JSON.stringify({ ...payload, folders: { ...payload.folders, [appFolder]: [signature, '', ''] } })}`,
    foreign: sealed({ format: 'something-else', folders: {} }),
    'another build': sealed({ ...payload, build: 'another build', folders: { ...payload.folders, [appFolder]: [signature, '', ''] } }),
    'wrong shape': sealed({ ...payload, folders: { ...payload.folders, [appFolder]: [signature, 'x', 'AppDelegate.swift'] } }),
    'count mismatch': sealed({ ...payload, folders: { ...payload.folders, [appFolder]: [signature, 'ff', 'AppDelegate.swift'] } }),
  };
  for (const [label, content] of Object.entries(variants)) {
    writeFileSync(cacheFile, content);
    assertLikeUncached(root, run(root, cacheFile), undefined, label);
    assertLikeUncached(root, run(root, cacheFile), 0, `${label}: rewritten`);
  }
  // A listing kept under another signature (the folder changed since) is read again.
  writeFileSync(cacheFile, sealed({ ...payload, folders: { ...payload.folders, [appFolder]: ['another signature', '', ''] } }));
  assertLikeUncached(root, run(root, cacheFile), 1, 'stale signature');
  assert.ok(kinds.length > 0 && names.length > 0);
});
