// Guesses for Swift files no project description covers: a folder whose Info.plist has an
// NSExtension dictionary is an app extension, and so is the folder of a file declaring an
// extension principal class. Everything here is marked source 'heuristic' (or 'default' for
// the catch-all app) so messages can say the target was guessed.
import { basename, dirname, sep } from 'node:path';
import { appGroupsOf, extensionPointOf, hasExtensionDictionary, type PlistReader } from './plistFiles';
import { kindForExtensionPoint } from './productTypes';
import type { LoadedTarget, Target } from './types';
import { readRegularFile } from './readRegularFile';

/** An extension target for each folder whose (not otherwise claimed) Info.plist has NSExtension. */
export function extensionsFromInfoPlists(infoPlists: string[], plists: PlistReader, entitlements: string[], skip: (dir: string, infoPlist: string) => boolean): LoadedTarget[] {
  const loaded: LoadedTarget[] = [];
  const seen = new Set<string>();
  for (const infoPlist of infoPlists) {
    const dir = dirname(infoPlist);
    if (seen.has(dir) || skip(dir, infoPlist) || !mentionsExtension(infoPlist)) continue;
    const info = plists.read(infoPlist);
    if (!info || !hasExtensionDictionary(info)) continue;
    seen.add(dir);
    const extensionPointIdentifier = extensionPointOf(info);
    const bundleIdentifier = typeof info.CFBundleIdentifier === 'string' && !info.CFBundleIdentifier.includes('$') ? info.CFBundleIdentifier : undefined;
    loaded.push({
      target: {
        name: basename(dir),
        kind: kindForExtensionPoint(extensionPointIdentifier),
        bundleIdentifier,
        infoPlistFile: infoPlist,
        extensionPointIdentifier,
        ...entitlementsFields(pickEntitlements(dir, entitlements, []), plists),
        embeds: [],
        hostApps: [],
        links: [],
        source: 'heuristic',
      },
      membership: { files: [], folders: [{ dir }] },
    });
  }
  return loaded;
}

/** An app-extension target for the folder of a file declaring an extension principal class. */
export function extensionFromPrincipalFile(file: string, plists: PlistReader, entitlements: string[]): LoadedTarget {
  const dir = dirname(file);
  return {
    target: {
      name: basename(dir),
      kind: 'app-extension',
      ...entitlementsFields(pickEntitlements(dir, entitlements, []), plists),
      embeds: [],
      hostApps: [],
      links: [],
      source: 'heuristic',
    },
    membership: { files: [], folders: [{ dir }] },
  };
}

/**
 * Entitlements for a guessed target: the .entitlements file under `dir` (outside `exclude`d
 * folders) when there is exactly one, or the one named after the folder; otherwise unknown.
 */
export function pickEntitlements(dir: string, entitlements: string[], exclude: string[]): string | undefined {
  const candidates = entitlements.filter((file) => isInside(file, dir) && !exclude.some((other) => isInside(file, other)));
  if (candidates.length === 1) return candidates[0];
  const folderName = basename(dir);
  const named = candidates.filter((file) => basename(file, '.entitlements') === folderName);
  return named.length === 1 ? named[0] : undefined;
}

export function entitlementsFields(file: string | undefined, plists: PlistReader): Pick<Target, 'entitlementsFile' | 'appGroups'> {
  if (!file) return {};
  const dict = plists.read(file);
  return { entitlementsFile: file, appGroups: dict ? appGroupsOf(dict) : undefined };
}

/** Cheap byte check before parsing: most Info.plists in a workspace are not extensions. */
function mentionsExtension(path: string): boolean {
  try {
    const text = readRegularFile(path, 'latin1');
    return text.includes('NSExtension') || text.includes('EXAppExtensionAttributes');
  } catch {
    return false;
  }
}

export function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}
