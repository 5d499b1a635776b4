// One walk of the workspace that collects every project description and the plist files the
// heuristics need. Build output, dependency checkouts and bundle-like folders are skipped: they
// hold other people's projects (Pods, .build/checkouts) or nothing we read.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface Discovered {
  pbxprojs: string[];
  xcodegenSpecs: string[];
  packageManifests: string[];
  /** Tuist's `Project.swift` (the loader checks that it imports ProjectDescription). */
  tuistManifests: string[];
  infoPlists: string[];
  entitlements: string[];
}

export const IGNORED_DIRS = new Set(['.build', 'Pods', 'Carthage', 'DerivedData', 'node_modules', '.git']);
/** Folders that look like files to Xcode: nothing inside is a project of the workspace. */
const OPAQUE_SUFFIXES = ['.xcassets', '.xcworkspace', '.app', '.appex', '.framework', '.xcframework', '.bundle', '.lproj', '.playground', '.xcdatamodeld', '.docc'];
const MAX_DEPTH = 24;
const MAX_DIRECTORIES = 50_000;

export function discover(rootDir: string): Discovered {
  const found: Discovered = { pbxprojs: [], xcodegenSpecs: [], packageManifests: [], tuistManifests: [], infoPlists: [], entitlements: [] };
  let directories = 0;
  const walk = (dir: string, depth: number): void => {
    if (depth > MAX_DEPTH || ++directories > MAX_DIRECTORIES) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing to model there
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const name = entry.name;
      if (entry.isDirectory()) {
        if (IGNORED_DIRS.has(name) || name.startsWith('.')) continue;
        if (name.endsWith('.xcodeproj')) {
          if (hasFile(path, 'project.pbxproj')) found.pbxprojs.push(join(path, 'project.pbxproj'));
          continue;
        }
        if (OPAQUE_SUFFIXES.some((suffix) => name.endsWith(suffix))) continue;
        walk(path, depth + 1);
      } else if (entry.isFile()) {
        if (name === 'project.yml' || name === 'project.yaml') found.xcodegenSpecs.push(path);
        else if (name === 'Package.swift') found.packageManifests.push(path);
        else if (name === 'Project.swift') found.tuistManifests.push(path);
        else if (name.endsWith('Info.plist')) found.infoPlists.push(path);
        else if (name.endsWith('.entitlements')) found.entitlements.push(path);
      }
      // Symbolic links are not followed: they can loop, and they point outside the workspace.
    }
  };
  walk(rootDir, 0);
  return found;
}

function hasFile(dir: string, name: string): boolean {
  try {
    return readdirSync(dir).includes(name);
  } catch {
    return false;
  }
}
