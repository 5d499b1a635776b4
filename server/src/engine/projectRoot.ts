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

function commonAncestor(paths: string[]): string {
  const dirs = paths.map((path) => {
    const absolute = resolve(path);
    try {
      return statSync(absolute).isDirectory() ? absolute : dirname(absolute);
    } catch {
      return dirname(absolute);
    }
  });
  let common = dirs[0] ?? process.cwd();
  for (const dir of dirs.slice(1)) {
    while (common !== parse(common).root && dir !== common && !dir.startsWith(common + sep)) common = dirname(common);
  }
  return common;
}

export function projectRootFor(paths: string[]): string {
  const start = commonAncestor(paths);
  for (let dir = start; ; dir = dirname(dir)) {
    if (holdsProject(dir)) return dir;
    // Stop at a repository boundary: a project outside the repository is not this one's.
    if (existsSync(resolve(dir, '.git')) || dir === parse(dir).root) return start;
  }
}
