// Info.plist and .entitlements reading through the `plist` package. Each file is read once per
// model (several targets may share an Info.plist) and a malformed file yields exactly one problem.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parsePlist, parseBinary, type PlistValue } from 'plist';
import { expandSettings, type SettingLookup } from './buildSettings';
import type { ProjectProblem } from './types';

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
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      return undefined; // a missing file is not malformed: it may be generated at build time
    }
    const label = describe(path);
    let value: PlistValue;
    try {
      value = isBinaryPlist(bytes) ? parseBinary(bytes) : parseQuietly(bytes.toString('utf8'));
    } catch (error) {
      const kind = isBinaryPlist(bytes) ? 'binary plist' : 'XML plist';
      this.problems.push({ file: path, message: `${label} is not a readable ${kind}: ${firstLine(error)}` });
      return undefined;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date || value instanceof Uint8Array) {
      this.problems.push({ file: path, message: `${label} does not hold a dictionary at its top level` });
      return undefined;
    }
    return value;
  }
}

function isBinaryPlist(bytes: Buffer): boolean {
  return bytes.length >= 6 && bytes.toString('latin1', 0, 6) === 'bplist';
}

/**
 * xmldom (used by `plist`) writes every XML error to console.error before throwing; in the
 * language server that would land in the user's output channel, so keep it quiet here and let
 * the thrown error become the problem message.
 */
function parseQuietly(text: string): PlistValue {
  if (text.trim() === '') throw new Error('the file is empty');
  const original = console.error;
  console.error = () => {};
  try {
    return parsePlist(text);
  } finally {
    console.error = original;
  }
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
