// Where the project around some linted paths lives: the nearest folder, from their common
// ancestor upwards, that holds an Xcode project, an XcodeGen spec or a Swift package.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, parse, resolve, sep } from 'node:path';

function holdsProject(dir: string): boolean {
  try {
    if (existsSync(resolve(dir, 'project.yml')) || existsSync(resolve(dir, 'Package.swift'))) return true;
    return readdirSync(dir).some((name) => name.endsWith('.xcodeproj') || name.endsWith('.xcworkspace'));
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** `resolve(path)`, without its cost for a path that is already absolute and normalized (the walker's). */
function resolved(path: string): string {
  const plain = sep === '/' && path.startsWith('/') && !path.endsWith('/') && !path.includes('//') && !path.includes('/./') && !path.includes('/../') && !path.endsWith('/.') && !path.endsWith('/..');
  return plain ? path : resolve(path);
}

/** The deepest folder holding every path (compared as strings: one stat, not one per path). */
function commonAncestor(paths: string[]): string {
  if (paths.length === 0) return process.cwd();
  const absolute = paths.map(resolved);
  let common = absolute[0];
  let prefix = common.endsWith(sep) ? common : common + sep;
  for (const path of absolute) {
    if (path === common || path.startsWith(prefix)) continue;
    while (common !== parse(common).root && path !== common && !path.startsWith(prefix)) {
      common = dirname(common);
      prefix = common.endsWith(sep) ? common : common + sep;
    }
  }
  // The common prefix is one of the paths only when it is a file or a given folder.
  return absolute.includes(common) && !isDirectory(common) ? dirname(common) : common;
}

export function projectRootFor(paths: string[]): string {
  const start = commonAncestor(paths);
  for (let dir = start; ; dir = dirname(dir)) {
    if (holdsProject(dir)) return dir;
    // Stop at a repository boundary: a project outside the repository is not this one's.
    if (existsSync(resolve(dir, '.git')) || dir === parse(dir).root) return start;
  }
}

/**
 * Which project each path belongs to, for following names: when the paths' common folder holds
 * no project itself but several of its sub-folders do (a folder of checkouts), each such
 * sub-folder is a project of its own; everything else shares one scope. Names found in one
 * project never pull in files of another.
 */
export function projectScopes(paths: string[]): (path: string) => string {
  let scopeOf: ((path: string) => string) | undefined;
  // Worked out when first asked: a warm cached run asks only for the files that changed.
  return (path) => (scopeOf ??= scopesOf(paths))(path);
}

function scopesOf(paths: string[]): (path: string) => string {
  const single = () => '';
  if (paths.length === 0) return single;
  const root = commonAncestor(paths);
  if (holdsProject(root) || existsSync(resolve(root, '.git'))) return single;
  const own = new Map<string, boolean>();
  const isOwnScope = (child: string): boolean => {
    let known = own.get(child);
    if (known === undefined) {
      const dir = resolve(root, child);
      known = holdsProject(dir) || existsSync(resolve(dir, '.git')) || subfolders(dir).some(holdsProject);
      own.set(child, known);
    }
    return known;
  };
  return (path) => {
    const absolute = resolved(path);
    if (!absolute.startsWith(root + sep)) return '';
    const child = absolute.slice(root.length + 1).split(sep)[0];
    return absolute.length > root.length + 1 + child.length && isOwnScope(child) ? child : '';
  };
}

function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !entry.name.endsWith('.xcodeproj'))
      .map((entry) => resolve(dir, entry.name));
  } catch {
    return [];
  }
}
