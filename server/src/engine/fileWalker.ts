// Finds the Swift files under the paths the user named, the way a Swift developer expects: by
// file type (a folder may be named `Package.swift`), skipping dependency and build folders, what
// `.gitignore` files ignore and the config's `excluded` globs. Shared by the CLI and the server.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { defaultSkippedFolders, isPathExcluded, isPathIncluded, type LintConfig } from '../config/lintConfig';
import { FolderListings, type FolderListing } from './folderListings';

export interface WalkOptions {
  config?: LintConfig;
  /** Called once for each path that is passed over because of a problem, with a short reason. */
  onProblem(path: string, message: string): void;
  /** Folder listings shared with the rest of the run (the project discovery), or cached. */
  listings?: FolderListings;
}

/** One `.gitignore` in effect, and the path from its folder to the folder being walked. */
interface IgnoreFrame {
  source: GitignoreFile;
  /** '' for the .gitignore's own folder, else 'a/b/' (always `/`-separated). */
  prefix: string;
}

/**
 * One `.gitignore`, parsed only when asked: a folder whose listing and rules are unchanged since
 * the last run has its ignored names in the cached listings. Known by its path and stat signature.
 */
class GitignoreFile {
  readonly id: string;
  private parsed: Ignore | undefined;

  constructor(private readonly file: string) {
    let signature = 'unreadable';
    try {
      const stat = statSync(file);
      signature = `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`;
    } catch {
      // An unreadable .gitignore ignores nothing, as in git (rules() reads none).
    }
    this.id = createHash('sha1').update(`${file}\0${signature}`).digest('base64').slice(0, 12);
  }

  get rules(): Ignore {
    if (!this.parsed) {
      try {
        this.parsed = ignore().add(readFileSync(this.file, 'utf8'));
      } catch {
        this.parsed = ignore();
      }
    }
    return this.parsed;
  }
}

const skippedFolders = new Set(defaultSkippedFolders);

/**
 * The `.swift` files under `roots`, in a stable order, each once. Paths are built from the roots
 * as given (a relative root gives relative paths). A root is walked or linted even when a default
 * skip, `.gitignore` or `excluded` would pass it over: the user named it.
 */
export function walkSwiftFiles(roots: string[], options: WalkOptions): string[] {
  return new SwiftFileWalker(options).walk(roots).files;
}

/** walkSwiftFiles, with each file's absolute path too (`absolute[i]` is `files[i]` resolved). */
export function walkSwiftFilesResolved(roots: string[], options: WalkOptions): { files: string[]; absolute: string[] } {
  return new SwiftFileWalker(options).walk(roots);
}

/**
 * walkSwiftFiles for a server that must keep answering: `between` runs after each folder (it
 * yields to the event loop when a slice of time is used up), so a large tree never holds it long.
 */
export async function walkSwiftFilesGradually(roots: string[], options: WalkOptions, between: () => Promise<void>): Promise<string[]> {
  const walker = new SwiftFileWalker(options);
  for (const _folder of walker.steps(roots)) await between();
  return walker.found.files;
}

/** The real paths of a folder and the folders above it in the walk (shared, never copied). */
interface Ancestry {
  real: string;
  parent?: Ancestry;
}

function isAncestor(ancestry: Ancestry | undefined, real: string): boolean {
  for (let current = ancestry; current; current = current.parent) if (current.real === real) return true;
  return false;
}

/** A symlink met during the walk, followed only once every real file has been found. */
interface DeferredLink {
  path: string;
  absolute: string;
  isDirectory: boolean;
  frames: IgnoreFrame[];
  /** Real paths of the folders containing the link, to recognise a link back up as a loop. */
  ancestors: Ancestry;
  excludedApplies: boolean;
}

class SwiftFileWalker {
  private readonly files: string[] = [];
  private readonly absolute: string[] = [];
  /** Following links last means a file reached both directly and through a link is listed under its real place. */
  private readonly links: DeferredLink[] = [];
  /** Real paths of the files and folders already taken, so symlinks and overlapping roots add nothing twice. */
  private readonly seenFiles = new Set<string>();
  private readonly seenFolders = new Set<string>();
  private readonly listings: FolderListings;

  constructor(private readonly options: WalkOptions) {
    this.listings = options.listings ?? new FolderListings();
  }

  walk(roots: string[]): { files: string[]; absolute: string[] } {
    for (const _folder of this.steps(roots));
    return this.found;
  }

  get found(): { files: string[]; absolute: string[] } {
    return { files: this.files, absolute: this.absolute };
  }

  /** The walk, one step (yield) per folder listed. */
  *steps(roots: string[]): Generator<void> {
    for (const root of roots) yield* this.walkRoot(root);
    for (let link = this.links.shift(); link; link = this.links.shift()) yield* this.followLink(link);
  }

  private *walkRoot(root: string): Generator<void> {
    let stats: Stats;
    let real: string;
    try {
      stats = statSync(root);
      real = realpathSync(root);
    } catch (error) {
      this.options.onProblem(root, describeError(error));
      return;
    }
    if (stats.isDirectory()) {
      // `excluded` matching the named folder itself would match everything in it: lift it there.
      const config = this.options.config;
      const absolute = resolve(root);
      const excludedApplies = config !== undefined && !isPathExcluded(config, absolute);
      yield* this.walkFolder(root, absolute, real, ancestorIgnores(absolute), undefined, excludedApplies);
    } else if (!stats.isFile()) {
      this.options.onProblem(root, 'not a regular file or folder');
    } else if (!root.endsWith('.swift')) {
      this.options.onProblem(root, 'not a .swift file');
    } else {
      this.addFile(root, resolve(root), real);
    }
  }

  /** `absolute` is `path` resolved; `real` with symlinks resolved too. */
  private *walkFolder(path: string, absolute: string, real: string, ignores: IgnoreFrame[], ancestors: Ancestry | undefined, excludedApplies: boolean): Generator<void> {
    if (this.seenFolders.has(real)) return;
    this.seenFolders.add(real);
    let listing: FolderListing;
    try {
      listing = this.listings.list(absolute);
    } catch (error) {
      this.options.onProblem(path, describeError(error));
      return;
    }
    // A normalized path (every one below a root) is joined by appending: join would normalize it again.
    const childOf = (folder: string, name: string) => (folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`);
    const normalized = path !== '.' && join(path) === path;
    const childPathOf = normalized ? (name: string) => childOf(path, name) : (name: string) => join(path, name);

    const { names, kinds } = listing;
    const gitignoreAt = names.indexOf('.gitignore');
    const frames = gitignoreAt !== -1 && kinds[gitignoreAt] !== 'd' ? [...ignores, { source: new GitignoreFile(childOf(absolute, '.gitignore')), prefix: '' }] : ignores;
    const inside: Ancestry = { real, parent: ancestors };
    const config = this.options.config;
    // What the rules ignore here, from the last run when nothing changed, else worked out and kept.
    const rulesKey = frames.map((frame) => frame.source.id).join(' ');
    const knownIgnored = frames.length === 0 ? new Set<string>() : this.listings.ignoredNames(absolute, rulesKey);
    const ignoredNow: string[] = [];

    for (let index = 0; index < names.length; index++) {
      const name = names[index];
      let isDirectory = kinds[index] === 'd';
      let isFile = kinds[index] === 'f';
      const isLink = kinds[index] === 'l';
      // Regular files other than Swift are passed over before any path is built.
      if (isFile && !name.endsWith('.swift')) continue;
      const childPath = path === absolute ? childOf(absolute, name) : childPathOf(name);
      const typedByStat = isLink || (!isDirectory && !isFile);
      if (typedByStat) {
        // A symlink, or a filesystem that does not report entry types: look at the target.
        let target: Stats;
        try {
          target = statSync(childPath);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          // A dangling link matters only when it looks like Swift; a loop is always worth a line.
          if (code === 'ELOOP' || name.endsWith('.swift')) this.options.onProblem(childPath, describeError(error));
          continue;
        }
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      }
      if (isDirectory && skippedFolders.has(name)) continue;
      if (!isDirectory && !(isFile && name.endsWith('.swift'))) continue;
      // A link's verdict depends on its target, which can change unseen: never taken from the cache.
      if (typedByStat || !knownIgnored) {
        if (isIgnored(frames, name, isDirectory)) {
          if (!typedByStat) ignoredNow.push(name);
          continue;
        }
      } else if (knownIgnored.has(name)) {
        continue;
      }
      const childAbsolute = path === absolute ? childPath : childOf(absolute, name);
      if (config && excludedApplies && isPathExcluded(config, childAbsolute)) continue;
      if (!isDirectory && config && !isPathIncluded(config, childAbsolute)) continue;

      const childFrames = isDirectory ? frames.map((frame) => ({ source: frame.source, prefix: `${frame.prefix}${name}/` })) : frames;
      if (isLink) {
        this.links.push({ path: childPath, absolute: childAbsolute, isDirectory, frames: childFrames, ancestors: inside, excludedApplies });
      } else if (isDirectory) {
        yield* this.walkFolder(childPath, childAbsolute, real === absolute ? childAbsolute : childOf(real, name), childFrames, inside, excludedApplies);
      } else {
        this.addFile(childPath, childAbsolute, real === absolute ? childAbsolute : childOf(real, name));
      }
    }
    if (!knownIgnored) this.listings.setIgnoredNames(absolute, rulesKey, ignoredNow);
    yield;
  }

  private *followLink(link: DeferredLink): Generator<void> {
    const real = safeRealpath(link.path);
    if (real === undefined) return;
    if (!link.isDirectory) {
      this.addFile(link.path, link.absolute, real);
    } else if (isAncestor(link.ancestors, real)) {
      this.options.onProblem(link.path, 'symlink loop (links to a folder that contains it)');
    } else {
      yield* this.walkFolder(link.path, link.absolute, real, link.frames, link.ancestors, link.excludedApplies);
    }
  }

  private addFile(path: string, absolute: string, real: string): void {
    if (this.seenFiles.has(real)) return;
    this.seenFiles.add(real);
    this.files.push(path);
    this.absolute.push(absolute);
  }
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Git's precedence: the deepest `.gitignore` with a matching rule decides, `!pattern` included. */
function isIgnored(frames: IgnoreFrame[], name: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const frame of frames) {
    const result = frame.source.rules.test(`${frame.prefix}${name}${isDirectory ? '/' : ''}`);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/**
 * The `.gitignore` files above a root, from the root of its git repository down, so that linting
 * `Sources/` honours the repository's top-level `.gitignore`. Outside a repository: none. When they
 * ignore the root itself they are dropped: the user named that folder.
 */
function ancestorIgnores(absoluteRoot: string): IgnoreFrame[] {
  const above: { dir: string; prefix: string }[] = [];
  let prefix = '';
  let child = absoluteRoot;
  while (!existsSync(join(child, '.git'))) {
    const dir = dirname(child);
    if (dir === child) return [];
    prefix = `${basename(child)}/${prefix}`;
    above.push({ dir, prefix });
    child = dir;
  }
  const frames: IgnoreFrame[] = [];
  for (const { dir, prefix: framePrefix } of above.reverse()) {
    if (!existsSync(join(dir, '.gitignore'))) continue;
    frames.push({ source: new GitignoreFile(join(dir, '.gitignore')), prefix: framePrefix });
  }
  const rootIgnored = frames.some((frame) => frame.source.rules.test(frame.prefix).ignored);
  return rootIgnored ? [] : frames;
}

/** A short reason for a filesystem error, naming the usual cases in words. */
export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symlink loop';
    case 'EISDIR':
      return 'is a folder';
    default:
      return code ? `${code}: ${(error as Error).message}` : String(error);
  }
}
