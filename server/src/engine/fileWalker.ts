// Finds the Swift files under the paths the user named, the way a Swift developer expects: by
// file type (a folder may be named `Package.swift`), skipping dependency and build folders, what
// `.gitignore` files ignore and the config's `excluded` globs. Shared by the CLI and the server.
import { existsSync, readFileSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { defaultSkippedFolders, isPathExcluded, isPathIncluded, type LintConfig } from '../config/lintConfig';

export interface WalkOptions {
  config?: LintConfig;
  /** Called once for each path that is passed over because of a problem, with a short reason. */
  onProblem(path: string, message: string): void;
}

/** One `.gitignore` in effect, and the path from its folder to the folder being walked. */
interface IgnoreFrame {
  rules: Ignore;
  /** '' for the .gitignore's own folder, else 'a/b/' (always `/`-separated). */
  prefix: string;
}

const skippedFolders = new Set(defaultSkippedFolders);

/**
 * The `.swift` files under `roots`, in a stable order, each once. Paths are built from the roots
 * as given (a relative root gives relative paths). A root is walked or linted even when a default
 * skip, `.gitignore` or `excluded` would pass it over: the user named it.
 */
export function walkSwiftFiles(roots: string[], options: WalkOptions): string[] {
  return new SwiftFileWalker(options).walk(roots);
}

/** A symlink met during the walk, followed only once every real file has been found. */
interface DeferredLink {
  path: string;
  isDirectory: boolean;
  frames: IgnoreFrame[];
  /** Real paths of the folders containing the link, to recognise a link back up as a loop. */
  ancestors: Set<string>;
  excludedApplies: boolean;
}

class SwiftFileWalker {
  private readonly files: string[] = [];
  /** Following links last means a file reached both directly and through a link is listed under its real place. */
  private readonly links: DeferredLink[] = [];
  /** Real paths of the files and folders already taken, so symlinks and overlapping roots add nothing twice. */
  private readonly seenFiles = new Set<string>();
  private readonly seenFolders = new Set<string>();

  constructor(private readonly options: WalkOptions) {}

  walk(roots: string[]): string[] {
    for (const root of roots) this.walkRoot(root);
    for (let link = this.links.shift(); link; link = this.links.shift()) this.followLink(link);
    return this.files;
  }

  private walkRoot(root: string): void {
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
      const excludedApplies = config !== undefined && !isPathExcluded(config, resolve(root));
      this.walkFolder(root, real, ancestorIgnores(resolve(root)), new Set(), excludedApplies);
    } else if (!stats.isFile()) {
      this.options.onProblem(root, 'not a regular file or folder');
    } else if (!root.endsWith('.swift')) {
      this.options.onProblem(root, 'not a .swift file');
    } else {
      this.addFile(root, real);
    }
  }

  private walkFolder(path: string, real: string, ignores: IgnoreFrame[], ancestors: Set<string>, excludedApplies: boolean): void {
    if (this.seenFolders.has(real)) return;
    this.seenFolders.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch (error) {
      this.options.onProblem(path, describeError(error));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

    const frames = entries.some((entry) => entry.name === '.gitignore' && !entry.isDirectory())
      ? [...ignores, ...readIgnoreFile(join(path, '.gitignore'))]
      : ignores;
    const inside = new Set(ancestors).add(real);
    const config = this.options.config;

    for (const entry of entries) {
      const childPath = join(path, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      const isLink = entry.isSymbolicLink();
      if (isLink || (!isDirectory && !isFile)) {
        // A symlink, or a filesystem that does not report entry types: look at the target.
        let target: Stats;
        try {
          target = statSync(childPath);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          // A dangling link matters only when it looks like Swift; a loop is always worth a line.
          if (code === 'ELOOP' || entry.name.endsWith('.swift')) this.options.onProblem(childPath, describeError(error));
          continue;
        }
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      }
      if (isDirectory && skippedFolders.has(entry.name)) continue;
      if (!isDirectory && !(isFile && entry.name.endsWith('.swift'))) continue;
      if (isIgnored(frames, entry.name, isDirectory)) continue;
      const absolute = resolve(childPath);
      if (config && excludedApplies && isPathExcluded(config, absolute)) continue;
      if (!isDirectory && config && !isPathIncluded(config, absolute)) continue;

      const childFrames = isDirectory ? frames.map((frame) => ({ rules: frame.rules, prefix: `${frame.prefix}${entry.name}/` })) : frames;
      if (isLink) {
        this.links.push({ path: childPath, isDirectory, frames: childFrames, ancestors: inside, excludedApplies });
      } else if (isDirectory) {
        this.walkFolder(childPath, join(real, entry.name), childFrames, inside, excludedApplies);
      } else {
        this.addFile(childPath, join(real, entry.name));
      }
    }
  }

  private followLink(link: DeferredLink): void {
    const real = safeRealpath(link.path);
    if (real === undefined) return;
    if (!link.isDirectory) {
      this.addFile(link.path, real);
    } else if (link.ancestors.has(real)) {
      this.options.onProblem(link.path, 'symlink loop (links to a folder that contains it)');
    } else {
      this.walkFolder(link.path, real, link.frames, link.ancestors, link.excludedApplies);
    }
  }

  private addFile(path: string, real: string): void {
    if (this.seenFiles.has(real)) return;
    this.seenFiles.add(real);
    this.files.push(path);
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
    const result = frame.rules.test(`${frame.prefix}${name}${isDirectory ? '/' : ''}`);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

function readIgnoreFile(file: string): IgnoreFrame[] {
  try {
    return [{ rules: ignore().add(readFileSync(file, 'utf8')), prefix: '' }];
  } catch {
    // An unreadable .gitignore ignores nothing, as in git.
    return [];
  }
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
    for (const frame of readIgnoreFile(join(dir, '.gitignore'))) frames.push({ rules: frame.rules, prefix: framePrefix });
  }
  const rootIgnored = frames.some((frame) => frame.rules.test(frame.prefix).ignored);
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
