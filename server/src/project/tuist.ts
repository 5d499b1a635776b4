// Targets of a Tuist project (`Project.swift` beside a `Tuist` folder, importing
// ProjectDescription), read with the Swift grammar (tuistManifest.ts). Sources are globs relative
// to the manifest's folder; an app embeds the extension targets it depends on.
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import picomatch from 'picomatch';
import { loadedSwiftParser, parseSwift } from '../parse/swiftParser';
import { appGroupsOf, extensionPointOf, type PlistDict } from './plistFiles';
import { fullProductType, kindForProductType } from './productTypes';
import { readRegularFile } from './readRegularFile';
import { readTuistProject, type TuistTarget } from './tuistManifest';
import type { FolderRule, LoadedTarget, Membership, TargetKind } from './types';
import type { LoadContext } from './xcodeproj';

/** Tuist's products, as the product types Xcode and XcodeGen name them. */
const PRODUCT_TYPES: Record<string, string> = {
  app: 'application',
  appClip: 'application.on-demand-install-capable',
  appExtension: 'app-extension',
  messagesExtension: 'app-extension.messages',
  stickerPackExtension: 'app-extension.messages-sticker-pack',
  extensionKitExtension: 'extensionkit-extension',
  tvTopShelfExtension: 'tv-app-extension',
  watch2App: 'application.watchapp2',
  watch2Extension: 'watchkit2-extension',
  framework: 'framework',
  staticFramework: 'framework.static',
  staticLibrary: 'library.static',
  dynamicLibrary: 'library.dynamic',
  unitTests: 'bundle.unit-test',
  uiTests: 'bundle.ui-testing',
  commandLineTool: 'tool',
  macro: 'tool',
};

const EMBEDDABLE_KINDS = new Set<TargetKind>(['app-extension', 'widget-extension', 'watch-app', 'watch-extension']);

/** A `Project.swift` is Tuist's when it imports ProjectDescription (SwiftPM never does). */
export function isTuistManifest(text: string): boolean {
  return /^\s*import\s+ProjectDescription\b/m.test(text);
}

export function loadTuistProject(manifestPath: string, context: LoadContext): LoadedTarget[] {
  let text: string;
  try {
    text = readRegularFile(manifestPath, 'utf8');
  } catch (error) {
    context.problems.push({ file: manifestPath, message: `Project.swift could not be read: ${(error as Error).message}` });
    return [];
  }
  if (!isTuistManifest(text)) return [];
  const parser = loadedSwiftParser();
  if (!parser) return [];
  const parsed = parseSwift(parser, text);
  let declared: TuistTarget[];
  try {
    declared = readTuistProject(parsed.tree.rootNode);
  } finally {
    parsed.tree.delete();
  }
  const projectDir = dirname(manifestPath);
  const loaded = declared.map((tuist): LoadedTarget => {
    const infoPlistFile = tuist.infoPlist !== undefined ? resolve(projectDir, tuist.infoPlist) : undefined;
    const info = infoPlistFile ? (context.plists.read(infoPlistFile) as PlistDict | undefined) : undefined;
    const extensionPointIdentifier = info ? extensionPointOf(info) : undefined;
    const entitlementsFile = tuist.entitlements !== undefined ? resolve(projectDir, tuist.entitlements) : undefined;
    const entitlements = entitlementsFile ? (context.plists.read(entitlementsFile) as PlistDict | undefined) : undefined;
    const productType = tuist.product && PRODUCT_TYPES[tuist.product] ? fullProductType(PRODUCT_TYPES[tuist.product]) : undefined;
    return {
      target: {
        name: tuist.name,
        kind: productType ? kindForProductType(productType, extensionPointIdentifier) : 'other',
        productType,
        bundleIdentifier: tuist.bundleId,
        appGroups: entitlements ? appGroupsOf(entitlements) : undefined,
        entitlementsFile,
        infoPlistFile,
        extensionPointIdentifier,
        embeds: [],
        hostApps: [],
        links: [],
        source: 'tuist',
        projectFile: manifestPath,
      },
      membership: sourcesMembership(tuist.sources, projectDir),
    };
  });
  const kinds = new Map(loaded.map(({ target }) => [target.name, target.kind]));
  for (const { target } of loaded) {
    const dependencies = declared.find((tuist) => tuist.name === target.name)?.targetDependencies ?? [];
    for (const dependency of dependencies) {
      const kind = kinds.get(dependency);
      if ((target.kind === 'app' || target.kind === 'watch-app') && kind !== undefined && EMBEDDABLE_KINDS.has(kind)) target.embeds.push(dependency);
      if (kind === 'framework' && !target.links.includes(dependency)) target.links.push(dependency);
    }
  }
  return loaded;
}

/** `"App/**"`, `"Sources/**\/*.swift"`, `"App/Utils/Router.swift"`: the folder before the first wildcard, filtered by the rest. */
function sourcesMembership(sources: string[], projectDir: string): Membership {
  const files: string[] = [];
  const folders: FolderRule[] = [];
  for (const source of sources) {
    const parts = source.split('/');
    const wildcard = parts.findIndex((part) => /[*?[{]/.test(part));
    if (wildcard === -1) {
      const path = join(projectDir, source);
      if (isFile(path)) files.push(path);
      else folders.push({ dir: path });
      continue;
    }
    const rest = parts.slice(wildcard).join('/');
    const matches = picomatch(rest, { dot: true });
    folders.push({ dir: join(projectDir, ...parts.slice(0, wildcard)), excludes: rest === '**' ? undefined : (relative) => !matches(relative) });
  }
  return { files, folders };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
