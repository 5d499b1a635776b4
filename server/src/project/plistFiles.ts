// Info.plist and .entitlements reading. Each file is read once per model (several targets may
// share an Info.plist) and a malformed file yields exactly one problem. XML plists go through
// xmlPlist.ts (see there why not the `plist` package); old-style ASCII plists through
// @bacons/xcode's parser (the pbxproj syntax is that format); binary plists are reported.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseOldStylePlist } from '@bacons/xcode/json';
import { expandSettings, type SettingLookup } from './buildSettings';
import type { ProjectProblem } from './types';
import { parseXmlPlist, type PlistValue } from './xmlPlist';
import { readRegularFile } from './readRegularFile';

export type PlistDict = { [key: string]: PlistValue };

const APP_GROUPS_KEY = 'com.apple.security.application-groups';

export class PlistReader {
  private readonly cache = new Map<string, PlistDict | undefined>();

  constructor(private readonly problems: ProjectProblem[]) {}

  /** The top-level dictionary of a plist; undefined when missing or malformed (malformed → a problem). */
  read(path: string): PlistDict | undefined {
    if (this.cache.has(path)) return this.cache.get(path);
    const result = this.load(path);
    this.cache.set(path, result);
    return result;
  }

  private load(path: string): PlistDict | undefined {
    // A missing file is not malformed: it may be generated at build time. (Checked without an
    // exception: big projects point hundreds of targets at files that are not there.)
    if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return undefined;
    let bytes: Buffer;
    try {
      bytes = readRegularFile(path);
    } catch {
      return undefined;
    }
    const label = describe(path);
    if (isBinaryPlist(bytes)) {
      this.problems.push({
        file: path,
        message: `${label} is a binary plist, which is not read; convert it with \`plutil -convert xml1\` so its values count`,
      });
      return undefined;
    }
    let value: PlistValue;
    try {
      const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
      if (text.trim() === '') throw new Error('the file is empty');
      value = /^\s*[{(]/.test(text) ? (parseOldStylePlist(text) as PlistValue) : parseXmlPlist(text);
    } catch (error) {
      this.problems.push({ file: path, message: `${label} is not a valid property list: ${firstLine(error)}` });
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date || value instanceof Uint8Array) {
      this.problems.push({ file: path, message: `${label} does not hold a dictionary at its top level` });
      return undefined;
    }
    return value;
  }
}

function isBinaryPlist(bytes: Buffer): boolean {
  return bytes.length >= 6 && bytes.toString('latin1', 0, 6) === 'bplist';
}

function describe(path: string): string {
  const name = basename(path);
  if (name.endsWith('.entitlements')) return `Entitlements file ${name}`;
  return `Property list ${name}`;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim() || 'unknown error';
}

/**
 * App groups of an entitlements dictionary. Values are expanded with `lookup` (XcodeGen and
 * Xcode substitute build settings in entitlements); one unresolvable value, such as
 * $(TeamIdentifierPrefix) (known only at signing time), makes the whole list unknown.
 */
export function appGroupsOf(entitlements: PlistDict, lookup?: SettingLookup): string[] | undefined {
  const raw = entitlements[APP_GROUPS_KEY];
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return undefined;
  const groups: string[] = [];
  for (const item of raw) {
    if (typeof item !== 'string') return undefined;
    const expanded = lookup ? expandSettings(item, lookup) : item.includes('$') ? undefined : item;
    if (expanded === undefined) return undefined;
    groups.push(expanded);
  }
  return groups;
}

/** NSExtension.NSExtensionPointIdentifier (or ExtensionKit's EXAppExtensionAttributes). */
export function extensionPointOf(info: PlistDict): string | undefined {
  for (const [container, key] of [
    ['NSExtension', 'NSExtensionPointIdentifier'],
    ['EXAppExtensionAttributes', 'EXExtensionPointIdentifier'],
  ] as const) {
    const dict = info[container];
    if (dict && typeof dict === 'object' && !Array.isArray(dict) && !(dict instanceof Date) && !(dict instanceof Uint8Array)) {
      const point = (dict as PlistDict)[key];
      if (typeof point === 'string') return point;
    }
  }
  return undefined;
}

/** Whether an Info.plist describes an app extension at all. */
export function hasExtensionDictionary(info: PlistDict): boolean {
  return info.NSExtension !== undefined || info.EXAppExtensionAttributes !== undefined;
}
