// Reads one `*.xcodeproj/project.pbxproj` with @bacons/xcode's JSON parser and walks the object
// table directly: targets, the Swift files they compile (build phases and Xcode 16 synchronized
// folders), the build settings the rules need, and which targets embed which.
// The JSON layer is used rather than XcodeProject.open: the model only reads, and skipping the
// object graph keeps a 2 MB project well inside the time budget.
import { basename, dirname, join, resolve, sep } from 'node:path';
import { parse as parsePbxproj } from '@bacons/xcode/json';
import { flattenBuildSettings, parseFile as parseXcconfigFile } from '@bacons/xcode/xcconfig';
import { expandSettings, layeredLookup } from './buildSettings';
import { appGroupsOf, extensionPointOf, type PlistReader } from './plistFiles';
import { kindForProductType } from './productTypes';
import type { FolderRule, LoadedTarget, Membership, ProjectProblem, TargetKind } from './types';
import { readRegularFile } from './readRegularFile';

type PbxObject = Record<string, unknown> & { isa?: string };
type Objects = Record<string, PbxObject | undefined>;

export interface LoadContext {
  problems: ProjectProblem[];
  plists: PlistReader;
}

/** The PlugIns folder of a bundle: where app extensions and WatchKit extensions are copied. */
const DST_PLUGINS = 13;
/** The products directory: Watch content and ExtensionKit extensions go there (with a dstPath). */
const DST_PRODUCTS_DIRECTORY = 16;

const GROUP_ISAS = new Set(['PBXGroup', 'PBXVariantGroup', 'XCVersionGroup', 'PBXFileSystemSynchronizedRootGroup']);
const EMBEDDABLE_KINDS = new Set<TargetKind>(['app-extension', 'widget-extension', 'watch-app', 'watch-extension']);
const HOST_KINDS = new Set<TargetKind>(['app', 'watch-app']);

export function loadXcodeproj(pbxprojPath: string, context: LoadContext): LoadedTarget[] {
  const label = `${basename(dirname(pbxprojPath))}/${basename(pbxprojPath)}`;
  const fail = (message: string): LoadedTarget[] => {
    context.problems.push({ file: pbxprojPath, message: `${label} ${message}` });
    return [];
  };

  let text: string;
  try {
    text = readRegularFile(pbxprojPath, 'utf8');
  } catch (error) {
    return fail(`could not be read: ${(error as Error).message}`);
  }
  let json: { objects?: unknown; rootObject?: unknown };
  try {
    json = parsePbxproj(text) as typeof json;
  } catch (error) {
    return fail(`is not a valid project file: ${(error as Error).message}`);
  }
  const objects = (json.objects && typeof json.objects === 'object' ? json.objects : undefined) as Objects | undefined;
  const rootId = typeof json.rootObject === 'string' ? json.rootObject : undefined;
  const project = rootId !== undefined ? objects?.[rootId] : undefined;
  if (!objects || !rootId || project?.isa !== 'PBXProject') {
    return fail('has no PBXProject root object (rootObject is missing or points nowhere)');
  }

  try {
    return new PbxprojReader(pbxprojPath, objects, rootId, project, context).targets();
  } catch (error) {
    // The parser accepted the file but its objects do not have the expected shapes.
    return fail(`has an unexpected structure: ${(error as Error).message}`);
  }
}

class PbxprojReader {
  private readonly sourceRoot: string;
  private readonly parents = new Map<string, string>();
  private readonly exceptionOwner = new Map<string, string>();
  private readonly pathCache = new Map<string, string | undefined>();

  constructor(
    private readonly pbxprojPath: string,
    private readonly objects: Objects,
    private readonly rootId: string,
    private readonly project: PbxObject,
    private readonly context: LoadContext,
  ) {
    // SRCROOT / PROJECT_DIR: the folder holding the .xcodeproj, moved by projectDirPath when set.
    const projectDirPath = typeof project.projectDirPath === 'string' ? project.projectDirPath : '';
    this.sourceRoot = resolve(dirname(dirname(pbxprojPath)), projectDirPath);
    // One pass over the table: group parents (paths are relative to them) and which synchronized
    // folder owns each exception set.
    for (const id in objects) {
      const object = objects[id];
      if (!object || !GROUP_ISAS.has(object.isa ?? '')) continue;
      for (const child of ids(object.children)) this.parents.set(child, id);
      for (const exception of ids(object.exceptions)) this.exceptionOwner.set(exception, id);
    }
  }

  targets(): LoadedTarget[] {
    const loaded: LoadedTarget[] = [];
    const targetIds: string[] = [];
    const productOwner = new Map<string, string>(); // product file reference → target id
    // Aggregate and legacy (external build system) targets compile no Swift of their own.
    const nativeTargets = ids(this.project.targets).filter((id) => this.objects[id]?.isa === 'PBXNativeTarget');
    for (const id of nativeTargets) {
      const product = this.objects[id]?.productReference;
      if (typeof product === 'string') productOwner.set(product, id);
    }
    const projectSettings = this.configuration(this.project.buildConfigurationList);
    const names = new Map<string, string>();
    for (const id of nativeTargets) {
      const target = this.readTarget(id, projectSettings);
      loaded.push(target);
      targetIds.push(id);
      names.set(id, target.target.name);
    }
    this.linkEmbedding(loaded, targetIds, productOwner, names);
    return loaded;
  }

  private readTarget(id: string, projectConfig: Configuration | undefined): LoadedTarget {
    const object = this.objects[id]!;
    const name = str(object.name) ?? str(object.productName) ?? id;
    const config = this.configuration(object.buildConfigurationList);
    // Same configuration name at both levels, so Debug settings never mix with Release ones.
    const projectLevel = config ? this.configuration(this.project.buildConfigurationList, config.name) : projectConfig;
    const lookup = layeredLookup(
      [config?.settings, config?.xcconfig, projectLevel?.settings, projectLevel?.xcconfig],
      {
        SRCROOT: this.sourceRoot,
        PROJECT_DIR: this.sourceRoot,
        SOURCE_ROOT: this.sourceRoot,
        PROJECT_FILE_PATH: dirname(this.pbxprojPath),
        PROJECT_NAME: basename(dirname(this.pbxprojPath), '.xcodeproj'),
        TARGET_NAME: name,
        PRODUCT_NAME: str(object.productName) ?? '$(TARGET_NAME)',
        PRODUCT_MODULE_NAME: '$(PRODUCT_NAME:c99extidentifier)',
        CONFIGURATION: config?.name ?? 'Debug',
      },
    );
    const setting = (key: string): string | undefined => {
      const raw = lookup(key);
      if (raw === undefined) return undefined;
      const value = expandSettings(raw, lookup);
      return value === undefined || value.trim() === '' ? undefined : value.trim();
    };
    const settingPath = (key: string): string | undefined => {
      const value = setting(key);
      return value === undefined ? undefined : resolve(this.sourceRoot, value);
    };

    const infoPlistFile = settingPath('INFOPLIST_FILE');
    const entitlementsFile = settingPath('CODE_SIGN_ENTITLEMENTS');
    const info = infoPlistFile ? this.context.plists.read(infoPlistFile) : undefined;
    const entitlements = entitlementsFile ? this.context.plists.read(entitlementsFile) : undefined;
    const extensionPointIdentifier = info ? extensionPointOf(info) : undefined;
    const productType = str(object.productType);

    let bundleIdentifier: string | undefined;
    if (lookup('PRODUCT_BUNDLE_IDENTIFIER') !== undefined) {
      bundleIdentifier = setting('PRODUCT_BUNDLE_IDENTIFIER');
    } else if (info && typeof info.CFBundleIdentifier === 'string') {
      // Older projects write the identifier straight into Info.plist.
      bundleIdentifier = expandSettings(info.CFBundleIdentifier, lookup) || undefined;
    }

    return {
      target: {
        name,
        kind: productType ? kindForProductType(productType, extensionPointIdentifier, setting('SDKROOT')) : 'other',
        productType,
        bundleIdentifier,
        appGroups: entitlements ? appGroupsOf(entitlements, lookup) : undefined,
        entitlementsFile,
        infoPlistFile,
        extensionPointIdentifier,
        embeds: [],
        hostApps: [],
        links: [],
        deploymentTarget: setting('IPHONEOS_DEPLOYMENT_TARGET'),
        source: 'xcodeproj',
        projectFile: this.pbxprojPath,
      },
      membership: this.membership(id, object),
    };
  }

  /** Swift files from the Sources build phases plus the target's synchronized folders. */
  private membership(targetId: string, target: PbxObject): Membership {
    const files: string[] = [];
    const folders: FolderRule[] = [];
    for (const phaseId of ids(target.buildPhases)) {
      const phase = this.objects[phaseId];
      if (phase?.isa !== 'PBXSourcesBuildPhase') continue;
      for (const buildFileId of ids(phase.files)) {
        const fileRef = str(this.objects[buildFileId]?.fileRef);
        const reference = fileRef ? this.objects[fileRef] : undefined;
        if (!fileRef || reference?.isa !== 'PBXFileReference' || !isSwiftReference(reference)) continue;
        const path = this.pathOf(fileRef);
        if (path) files.push(path);
      }
    }

    // Xcode 16: a synchronized folder compiles everything in it. An exception set naming this
    // target removes paths from a folder the target syncs, and adds paths from a folder it
    // does not sync (that is how Xcode records "also a member of the extension").
    // (…BuildPhaseMembershipExceptionSet only moves files into copy/header phases: ignored.)
    const synced = new Set(ids(target.fileSystemSynchronizedGroups));
    const excluded = new Map<string, string[]>();
    for (const [exceptionId, groupId] of this.exceptionOwner) {
      const exception = this.objects[exceptionId];
      if (exception?.isa !== 'PBXFileSystemSynchronizedBuildFileExceptionSet' || exception.target !== targetId) continue;
      const groupPath = this.pathOf(groupId);
      if (!groupPath) continue;
      const paths = strings(exception.membershipExceptions).map((relative) => join(groupPath, relative));
      if (synced.has(groupId)) {
        excluded.set(groupId, [...(excluded.get(groupId) ?? []), ...paths]);
      } else {
        for (const path of paths) {
          if (path.endsWith('.swift')) files.push(path);
          else if (!basename(path).includes('.')) folders.push({ dir: path }); // a sub-folder
        }
      }
    }
    for (const groupId of synced) {
      const dir = this.pathOf(groupId);
      if (dir) folders.push({ dir, excludedPaths: excluded.get(groupId) });
    }
    return { files, folders };
  }

  /** Fills `embeds` from "Embed … Extensions / Watch Content" copy phases, then dependencies. */
  private linkEmbedding(loaded: LoadedTarget[], targetIds: string[], productOwner: Map<string, string>, names: Map<string, string>): void {
    const kindOf = new Map(targetIds.map((id, index) => [id, loaded[index].target.kind]));
    const embedded = new Set<string>();
    targetIds.forEach((id, index) => {
      for (const phaseId of ids(this.objects[id]?.buildPhases)) {
        const phase = this.objects[phaseId];
        if (phase?.isa !== 'PBXCopyFilesBuildPhase') continue;
        const spec = Number(phase.dstSubfolderSpec);
        if (spec !== DST_PLUGINS && spec !== DST_PRODUCTS_DIRECTORY) continue;
        for (const buildFileId of ids(phase.files)) {
          const fileRef = str(this.objects[buildFileId]?.fileRef);
          const embeddedId = fileRef ? productOwner.get(fileRef) : undefined;
          if (!embeddedId || embeddedId === id) continue;
          // The products directory also receives App Clips and helpers: only extension-like products count.
          if (spec === DST_PRODUCTS_DIRECTORY && !EMBEDDABLE_KINDS.has(kindOf.get(embeddedId)!)) continue;
          addOnce(loaded[index].target.embeds, names.get(embeddedId)!);
          embedded.add(embeddedId);
        }
      }
    });
    // Frameworks a target links (its Frameworks phase names their products) or depends on: their
    // code runs in this target's process.
    targetIds.forEach((id, index) => {
      const links = loaded[index].target.links;
      for (const phaseId of ids(this.objects[id]?.buildPhases)) {
        const phase = this.objects[phaseId];
        if (phase?.isa !== 'PBXFrameworksBuildPhase') continue;
        for (const buildFileId of ids(phase.files)) {
          const fileRef = str(this.objects[buildFileId]?.fileRef);
          const owner = fileRef ? productOwner.get(fileRef) : undefined;
          if (owner && owner !== id && kindOf.get(owner) === 'framework') addOnce(links, names.get(owner)!);
        }
      }
      for (const dependencyId of ids(this.objects[id]?.dependencies)) {
        const dependedOn = this.dependencyTarget(dependencyId);
        if (dependedOn && dependedOn !== id && kindOf.get(dependedOn) === 'framework') addOnce(links, names.get(dependedOn)!);
      }
    });
    // Fallback for projects whose copy phase we cannot see (e.g. a script embeds the product):
    // an app that depends on an extension-like target hosts it.
    targetIds.forEach((id, index) => {
      if (!HOST_KINDS.has(loaded[index].target.kind)) return;
      for (const dependencyId of ids(this.objects[id]?.dependencies)) {
        const dependedOn = this.dependencyTarget(dependencyId);
        if (!dependedOn || embedded.has(dependedOn) || !EMBEDDABLE_KINDS.has(kindOf.get(dependedOn)!)) continue;
        addOnce(loaded[index].target.embeds, names.get(dependedOn)!);
      }
    });
  }

  private dependencyTarget(dependencyId: string): string | undefined {
    const dependency = this.objects[dependencyId];
    if (dependency?.isa !== 'PBXTargetDependency') return undefined;
    const direct = str(dependency.target);
    if (direct) return direct;
    const proxy = this.objects[str(dependency.targetProxy) ?? ''];
    // Only proxies into this same project name one of our targets.
    return proxy && proxy.containerPortal === this.rootId ? str(proxy.remoteGlobalIDString) : undefined;
  }

  /** Absolute path of a file reference or group; undefined for SDK / build-product trees. */
  private pathOf(id: string, depth = 0): string | undefined {
    if (this.pathCache.has(id)) return this.pathCache.get(id);
    const object = this.objects[id];
    let result: string | undefined;
    if (object && depth < 64) {
      const path = str(object.path);
      const sourceTree = str(object.sourceTree) ?? '<group>';
      let base: string | undefined;
      if (sourceTree === '<group>') {
        const parent = this.parents.get(id);
        base = parent ? this.pathOf(parent, depth + 1) : this.sourceRoot;
      } else if (sourceTree === 'SOURCE_ROOT' || sourceTree === '$(SRCROOT)') {
        base = this.sourceRoot;
      } else if (sourceTree === '<absolute>') {
        base = '/';
      }
      if (base !== undefined) result = path ? joinPath(base, path) : base;
    }
    this.pathCache.set(id, result);
    return result;
  }

  /** The chosen build configuration of a list: `preferred`, else Debug, else the first. */
  private configuration(listId: unknown, preferred?: string): Configuration | undefined {
    const list = typeof listId === 'string' ? this.objects[listId] : undefined;
    const configs = ids(list?.buildConfigurations)
      .map((id) => this.objects[id])
      .filter((config): config is PbxObject => config?.isa === 'XCBuildConfiguration');
    const chosen =
      (preferred !== undefined ? configs.find((config) => config.name === preferred) : undefined) ??
      configs.find((config) => config.name === 'Debug') ??
      configs[0];
    if (!chosen) return undefined;
    const name = str(chosen.name) ?? 'Debug';
    const settings = isRecord(chosen.buildSettings) ? chosen.buildSettings : {};
    return { name, settings, xcconfig: this.xcconfig(chosen.baseConfigurationReference, name) };
  }

  /** Settings of a configuration's base .xcconfig (file references resolve like any file). */
  private xcconfig(referenceId: unknown, configName: string): Record<string, string> | undefined {
    if (typeof referenceId !== 'string') return undefined;
    const path = this.pathOf(referenceId);
    if (!path) return undefined;
    try {
      return flattenBuildSettings(parseXcconfigFile(path), { sdk: 'iphoneos', config: configName });
    } catch {
      return undefined; // missing (e.g. CocoaPods before `pod install`): its settings stay unknown
    }
  }
}

interface Configuration {
  name: string;
  settings: Record<string, unknown>;
  xcconfig?: Record<string, string>;
}

/** path.resolve, with a fast path for the plain relative names that make up nearly every project. */
function joinPath(base: string, path: string): string {
  if (path.startsWith('/') || path.includes('./') || path.includes('//') || path.includes('\\') || path.endsWith('/') || path === '.' || path === '..' || sep !== '/') {
    return resolve(base, path);
  }
  return base === '/' ? '/' + path : base + '/' + path;
}

function isSwiftReference(reference: PbxObject): boolean {
  const type = str(reference.explicitFileType) ?? str(reference.lastKnownFileType);
  if (type) return type === 'sourcecode.swift';
  return (str(reference.path) ?? '').endsWith('.swift');
}

function ids(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

const strings = ids;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function addOnce(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

