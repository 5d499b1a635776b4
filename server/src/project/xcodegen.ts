// Reads an XcodeGen `project.yml`: targets, their type, sources (folders with excludes/includes
// globs, or single files), Info.plist and entitlements (inline `properties` win over the file),
// build settings and embedded dependencies. `include:` files and target templates are not
// followed; targets they define are simply absent from the model.
import { statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import picomatch from 'picomatch';
import { parseDocument } from 'yaml';
import { expandSettings, layeredLookup } from './buildSettings';
import { appGroupsOf, extensionPointOf, type PlistDict } from './plistFiles';
import { fullProductType, kindForProductType } from './productTypes';
import type { LoadContext } from './xcodeproj';
import type { FolderRule, LoadedTarget, TargetKind } from './types';
import { readRegularFile } from './readRegularFile';

type Yaml = Record<string, unknown>;

const EMBEDDABLE_KINDS = new Set<TargetKind>(['app-extension', 'widget-extension', 'watch-app', 'watch-extension']);

export function loadXcodegen(specPath: string, context: LoadContext): LoadedTarget[] {
  const fail = (message: string): LoadedTarget[] => {
    context.problems.push({ file: specPath, message: `XcodeGen spec ${basename(specPath)} ${message}` });
    return [];
  };
  let text: string;
  try {
    text = readRegularFile(specPath, 'utf8');
  } catch (error) {
    return fail(`could not be read: ${(error as Error).message}`);
  }
  // The failsafe schema keeps every scalar a string: `deploymentTarget: 16.0` stays "16.0".
  const document = parseDocument(text, { schema: 'failsafe', uniqueKeys: false });
  if (document.errors.length > 0) {
    return fail(`is not valid YAML: ${document.errors[0].message.split('\n')[0]}`);
  }
  const spec = document.toJS() as unknown;
  if (!isMap(spec)) return fail('does not hold a mapping at its top level');
  if (spec.targets === undefined) return [];
  if (!isMap(spec.targets)) return fail('has a `targets` entry that is not a mapping of target names');

  const specDir = dirname(specPath);
  const options = isMap(spec.options) ? spec.options : {};
  const projectSettings = settingsLayers(spec.settings);
  const loaded: LoadedTarget[] = [];
  const dependencies = new Map<string, Array<{ name: string; embed?: boolean }>>();

  for (const [name, value] of Object.entries(spec.targets)) {
    if (!isMap(value)) {
      context.problems.push({ file: specPath, message: `XcodeGen spec ${basename(specPath)}: target "${name}" is not a mapping` });
      continue;
    }
    const targetSettings = settingsLayers(value.settings);
    const bundleIdPrefix = str(options.bundleIdPrefix);
    const lookup = layeredLookup([...targetSettings, ...projectSettings], {
      SRCROOT: specDir,
      PROJECT_DIR: specDir,
      SOURCE_ROOT: specDir,
      PROJECT_NAME: str(spec.name) ?? basename(specDir),
      TARGET_NAME: name,
      PRODUCT_NAME: '$(TARGET_NAME)',
      PRODUCT_MODULE_NAME: '$(PRODUCT_NAME:c99extidentifier)',
      CONFIGURATION: 'Debug',
      // XcodeGen's default when the settings do not name one.
      ...(bundleIdPrefix !== undefined ? { PRODUCT_BUNDLE_IDENTIFIER: `${bundleIdPrefix}.${name}` } : {}),
    });
    const setting = (key: string): string | undefined => {
      const raw = lookup(key);
      const expanded = raw === undefined ? undefined : expandSettings(raw, lookup)?.trim();
      return expanded === '' ? undefined : expanded;
    };

    const info = isMap(value.info) ? value.info : {};
    const infoPath = str(info.path) ?? setting('INFOPLIST_FILE');
    const infoPlistFile = infoPath !== undefined ? resolve(specDir, infoPath) : undefined;
    const infoDict = (isMap(info.properties) ? info.properties : infoPlistFile ? context.plists.read(infoPlistFile) : undefined) as PlistDict | undefined;
    const extensionPointIdentifier = infoDict ? extensionPointOf(infoDict) : undefined;

    const entitlements = isMap(value.entitlements) ? value.entitlements : {};
    const entitlementsPath = str(entitlements.path) ?? setting('CODE_SIGN_ENTITLEMENTS');
    const entitlementsFile = entitlementsPath !== undefined ? resolve(specDir, entitlementsPath) : undefined;
    const entitlementsDict = (isMap(entitlements.properties)
      ? entitlements.properties
      : entitlementsFile
        ? context.plists.read(entitlementsFile)
        : undefined) as PlistDict | undefined;

    const type = str(value.type);
    const platform = str(value.platform);
    const productType = type ? fullProductType(type) : undefined;
    const deploymentTargets = isMap(options.deploymentTarget) ? options.deploymentTarget : {};
    loaded.push({
      target: {
        name,
        kind: productType ? kindForProductType(productType, extensionPointIdentifier, platform === 'watchOS' ? 'watchos' : undefined) : 'other',
        productType,
        bundleIdentifier: setting('PRODUCT_BUNDLE_IDENTIFIER'),
        appGroups: entitlementsDict ? appGroupsOf(entitlementsDict, lookup) : undefined,
        entitlementsFile,
        infoPlistFile,
        extensionPointIdentifier,
        embeds: [],
        hostApps: [],
        links: [],
        deploymentTarget: setting('IPHONEOS_DEPLOYMENT_TARGET') ?? str(value.deploymentTarget) ?? str(deploymentTargets.iOS),
        source: 'xcodegen',
        projectFile: specPath,
      },
      membership: sourcesMembership(value.sources, specDir),
    });
    dependencies.set(
      name,
      list(value.dependencies)
        .filter(isMap)
        .map((dependency) => ({ name: str(dependency.target) ?? '', embed: bool(dependency.embed) }))
        .filter((dependency) => dependency.name !== ''),
    );
  }

  // XcodeGen embeds dependencies of application targets unless `embed: false`.
  const kinds = new Map(loaded.map(({ target }) => [target.name, target.kind]));
  for (const { target } of loaded) {
    const isApp = target.kind === 'app' || target.kind === 'watch-app';
    for (const dependency of dependencies.get(target.name) ?? []) {
      const embed = dependency.embed ?? isApp;
      const kind = kinds.get(dependency.name);
      if (embed && kind !== undefined && EMBEDDABLE_KINDS.has(kind) && !target.embeds.includes(dependency.name)) {
        target.embeds.push(dependency.name);
      }
      if (kind === 'framework' && !target.links.includes(dependency.name)) target.links.push(dependency.name);
    }
  }
  return loaded;
}

/** `settings` may be flat, or split into `base`, `configs` and `groups`: Debug layers first. */
function settingsLayers(value: unknown): Array<Record<string, unknown> | undefined> {
  if (!isMap(value)) return [];
  if (value.base === undefined && value.configs === undefined && value.groups === undefined) return [value];
  const configs = isMap(value.configs) ? value.configs : {};
  const debugKey = Object.keys(configs).find((key) => key.toLowerCase() === 'debug');
  const debug = debugKey !== undefined && isMap(configs[debugKey]) ? configs[debugKey] : undefined;
  return [debug, isMap(value.base) ? value.base : undefined];
}

/** Sources: a folder compiles what is under it (minus `excludes`, limited to `includes`); a file path is itself. */
function sourcesMembership(value: unknown, specDir: string): LoadedTarget['membership'] {
  const files: string[] = [];
  const folders: FolderRule[] = [];
  for (const entry of list(value)) {
    const source = typeof entry === 'string' ? { path: entry } : isMap(entry) ? entry : undefined;
    const relativePath = source ? str(source.path) : undefined;
    if (!source || relativePath === undefined) continue;
    const phase = str(source.buildPhase);
    if (phase !== undefined && phase !== 'sources') continue; // resources, headers, none
    const path = resolve(specDir, relativePath);
    if (isFile(path)) {
      files.push(path);
      continue;
    }
    const excludes = list(source.excludes).filter((glob): glob is string => typeof glob === 'string');
    const includes = list(source.includes).filter((glob): glob is string => typeof glob === 'string');
    const isExcluded = excludes.length > 0 ? picomatch(excludes, { dot: true }) : undefined;
    const isIncluded = includes.length > 0 ? picomatch(includes, { dot: true }) : undefined;
    folders.push({
      dir: path,
      excludes:
        isExcluded || isIncluded
          ? (relative) => {
              if (isIncluded && !isIncluded(relative)) return true;
              // An excluded folder takes everything below it along.
              return isExcluded !== undefined && ancestorsAndSelf(relative).some((part) => isExcluded(part));
            }
          : undefined,
    });
  }
  return { files, folders };
}

function ancestorsAndSelf(relative: string): string[] {
  const parts = relative.split('/');
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isMap(value: unknown): value is Yaml {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === '' ? [] : [value];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== '~' ? value : undefined;
}

function bool(value: unknown): boolean | undefined {
  if (typeof value !== 'string') return undefined;
  if (/^(true|yes|on)$/i.test(value)) return true;
  if (/^(false|no|off)$/i.test(value)) return false;
  return undefined;
}
