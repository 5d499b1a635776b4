// One walk of the workspace that collects every project description and the plist files the
// heuristics need. Build output, dependency checkouts and bundle-like folders are skipped: they
// hold other people's projects (Pods, .build/checkouts) or nothing we read. Folders are read
// through FolderListings, so a run that walked the Swift files already reads none twice.
import { join } from 'node:path';
import { FolderListings } from '../engine/folderListings';

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

/** The file names discover collects (FolderListings keeps these entries of a listing). */
export function isProjectDescriptionName(name: string): boolean {
  return name === 'project.yml' || name === 'project.yaml' || name === 'Package.swift' || name === 'Project.swift' || name === 'project.pbxproj' || name.endsWith('Info.plist') || name.endsWith('.entitlements');
}

/**
 * The CLI's listings for its one run (set by the CLI only: a long-running process such as the
 * language server must see folders as they are now).
 */
let runListings: FolderListings | undefined;

export function useRunListings(listings: FolderListings | undefined): void {
  runListings = listings;
}

/** `rootDir` absolute and normalized (listings are keyed by absolute path). */
export function discover(rootDir: string, listings: FolderListings = runListings ?? new FolderListings()): Discovered {
  const steps = discoverSteps(rootDir, listings);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** discover, one step (yield) per folder listed. */
export function* discoverSteps(rootDir: string, listings: FolderListings = runListings ?? new FolderListings()): Generator<void, Discovered> {
  const found: Discovered = { pbxprojs: [], xcodegenSpecs: [], packageManifests: [], tuistManifests: [], infoPlists: [], entitlements: [] };
  let directories = 0;
  const walk = function* (dir: string, depth: number): Generator<void> {
    if (depth > MAX_DEPTH || ++directories > MAX_DIRECTORIES) return;
    let listing;
    try {
      listing = listings.list(dir);
    } catch {
      return; // unreadable folder: nothing to model there
    }
    const { names, kinds } = listing;
    for (let index = 0; index < names.length; index++) {
      const name = names[index];
      if (kinds[index] === 'd') {
        if (IGNORED_DIRS.has(name) || name.startsWith('.')) continue;
        const path = join(dir, name);
        if (name.endsWith('.xcodeproj')) {
          if (hasFile(listings, path, 'project.pbxproj')) found.pbxprojs.push(join(path, 'project.pbxproj'));
          continue;
        }
        if (OPAQUE_SUFFIXES.some((suffix) => name.endsWith(suffix))) continue;
        yield* walk(path, depth + 1);
      } else if (kinds[index] === 'f') {
        if (name === 'project.yml' || name === 'project.yaml') found.xcodegenSpecs.push(join(dir, name));
        else if (name === 'Package.swift') found.packageManifests.push(join(dir, name));
        else if (name === 'Project.swift') found.tuistManifests.push(join(dir, name));
        else if (name.endsWith('Info.plist')) found.infoPlists.push(join(dir, name));
        else if (name.endsWith('.entitlements')) found.entitlements.push(join(dir, name));
      }
      // Symbolic links are not followed: they can loop, and they point outside the workspace.
    }
    yield;
  };
  yield* walk(rootDir, 0);
  return found;
}

function hasFile(listings: FolderListings, dir: string, name: string): boolean {
  try {
    return listings.list(dir).names.includes(name);
  } catch {
    return false;
  }
}
