// The workspace project model: merges what the Xcode projects, XcodeGen specs and Swift
// packages say about targets, then fills the gaps with heuristics (extension folders) and, when
// nothing describes an app, one catch-all app target so app-level rules still run on a loose
// folder. Read-only, synchronous, and it never throws: broken files become `problems`.
import { dirname, relative, resolve, sep } from 'node:path';
import { discoverSteps, IGNORED_DIRS, type Discovered } from './discover';
import { entitlementsFields, extensionFromPrincipalFile, extensionsFromInfoPlists, isInside, pickEntitlements } from './heuristics';
import { hasExtensionDictionary, PlistReader } from './plistFiles';
import { loadSwiftPackage } from './swiftpm';
import type { FolderRule, LoadedTarget, ModelSource, ProjectProblem, Target, TargetKind } from './types';
import { loadXcodegen } from './xcodegen';
import { loadTuistProject } from './tuist';
import { loadXcodeproj, type LoadContext } from './xcodeproj';

export type { ModelSource, ProjectProblem, Target, TargetKind } from './types';

export interface ProjectModel {
  rootDir: string;
  targets: Target[];
  problems: ProjectProblem[];
  /** Every target an absolute .swift path is compiled into ([] when none is known). */
  targetsForFile(absPath: string): Target[];
  /** Target by name. */
  target(name: string): Target | undefined;
}

export interface ProjectModelOptions {
  /** Absolute paths of the workspace's Swift files: lets the model place loose files. */
  swiftFiles?: string[];
  /** Swift files declaring a class that conforms to an extension principal type. */
  extensionPrincipalFiles?: string[];
  /** What `discover(root)` finds, when the caller has it already (a CLI worker is sent it). */
  discovered?: Discovered;
}

/** Kinds that run as a process of their own; without any of them, a catch-all app is added. */
const PROCESS_KINDS = new Set<TargetKind>(['app', 'watch-app', 'app-extension', 'widget-extension', 'watch-extension']);
const EXTENSION_KINDS = new Set<TargetKind>(['app-extension', 'widget-extension', 'watch-extension']);

/**
 * Reads every project description under rootDir (skipping .build, Pods, Carthage, DerivedData,
 * node_modules, .git). Never throws on bad input: problems go in `problems`.
 */
export function loadProjectModel(rootDir: string, options: ProjectModelOptions = {}): ProjectModel {
  const steps = projectModelSteps(rootDir, options);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/**
 * loadProjectModel for a server that must keep answering: `between` runs after each folder
 * searched and each project file read (it yields to the event loop when a slice of time is used up).
 */
export async function loadProjectModelGradually(rootDir: string, options: ProjectModelOptions, between: () => Promise<void>): Promise<ProjectModel> {
  const steps = projectModelSteps(rootDir, options);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await between();
  }
}

function* projectModelSteps(rootDir: string, options: ProjectModelOptions): Generator<void, ProjectModel> {
  const root = resolve(rootDir);
  const problems: ProjectProblem[] = [];
  try {
    return yield* buildModel(root, options, problems);
  } catch (error) {
    // A bug of ours must not take the linter down: report it and model nothing.
    problems.push({ file: root, message: `The project model could not be built: ${(error as Error).message}` });
    return new Model(root, [], new MembershipIndex([]), new MembershipIndex([]), undefined, problems);
  }
}

function* buildModel(root: string, options: ProjectModelOptions, problems: ProjectProblem[]): Generator<void, ProjectModel> {
  const found = options.discovered ?? (yield* discoverSteps(root));
  const plists = new PlistReader(problems);
  const context: LoadContext = { problems, plists };

  const project = yield* loadProjectFiles(found, context);
  const projectIndex = new MembershipIndex(project);
  const swiftFiles = options.swiftFiles?.map((file) => resolve(file));
  const uncovered = (file: string) => projectIndex.lookup(file).length === 0;

  // Heuristic extensions: Info.plist folders no project target claims, then principal-class folders.
  const claimedInfoPlists = new Set(project.map(({ target }) => target.infoPlistFile).filter(Boolean));
  const heuristics = extensionsFromInfoPlists(found.infoPlists, plists, found.entitlements, (dir, infoPlist) => {
    if (claimedInfoPlists.has(infoPlist)) return true;
    if (swiftFiles) return !swiftFiles.some((file) => isInside(file, dir) && uncovered(file));
    return projectIndex.coversFolder(dir);
  });
  for (const file of options.extensionPrincipalFiles ?? []) {
    const path = resolve(file);
    if (!isInside(path, root) || !uncovered(path)) continue;
    if (heuristics.some(({ membership }) => membership.folders.some((rule) => isInside(path, rule.dir)))) continue;
    heuristics.push(extensionFromPrincipalFile(path, plists, found.entitlements));
  }

  // The catch-all app: only when nothing describes a process of its own, and (when the Swift
  // files are known) only when some file would otherwise have no target.
  const heuristicIndex = new MembershipIndex(heuristics);
  let fallback: LoadedTarget | undefined;
  if (!project.some(({ target }) => PROCESS_KINDS.has(target.kind))) {
    const needed = !swiftFiles || swiftFiles.some((file) => isInside(file, root) && uncovered(file) && heuristicIndex.deepest(file).length === 0);
    if (needed) fallback = fallbackApp(root, found, plists, heuristics);
  }

  uniqueNames(heuristics, project, root);
  const all = [...project, ...heuristics, ...(fallback ? [fallback] : [])];
  linkHosts(all);
  return new Model(root, all.map(({ target }) => target), projectIndex, heuristicIndex, fallback, problems);
}

/** The targets the project files describe, a step (yield) after each file read. */
function* loadProjectFiles(found: Discovered, context: LoadContext): Generator<void, LoadedTarget[]> {
  const loaded: LoadedTarget[] = [];
  const xcodeprojDirs = new Set<string>();
  for (const pbxproj of found.pbxprojs) {
    const targets = loadXcodeproj(pbxproj, context);
    if (targets.length > 0) xcodeprojDirs.add(dirname(dirname(pbxproj)));
    loaded.push(...targets);
    yield;
  }
  for (const spec of found.xcodegenSpecs) {
    // A generated .xcodeproj beside the spec describes the same targets, file by file: prefer it.
    if (xcodeprojDirs.has(dirname(spec))) continue;
    loaded.push(...loadXcodegen(spec, context));
    yield;
  }
  for (const manifest of found.packageManifests) {
    loaded.push(...loadSwiftPackage(manifest, context));
    yield;
  }
  for (const manifest of found.tuistManifests) {
    // A project Tuist generated and someone committed describes the same targets, file by file.
    if (xcodeprojDirs.has(dirname(manifest))) continue;
    loaded.push(...loadTuistProject(manifest, context));
    yield;
  }
  return loaded;
}

/** The app everything uncovered belongs to; it hosts the guessed extensions. */
function fallbackApp(root: string, found: Discovered, plists: PlistReader, heuristics: LoadedTarget[]): LoadedTarget {
  const extensionDirs = heuristics.flatMap(({ membership }) => membership.folders.map((rule) => rule.dir));
  const outside = (file: string) => !extensionDirs.some((dir) => isInside(file, dir));
  // Its own Info.plist / entitlements only when exactly one candidate remains: never guess between two.
  const appInfoPlists = found.infoPlists.filter((file) => outside(file) && !isIgnored(root, file)).filter((file) => {
    const info = plists.read(file);
    return info !== undefined && !hasExtensionDictionary(info) && typeof info.CFBundleExecutable === 'string';
  });
  const infoPlistFile = appInfoPlists.length === 1 ? appInfoPlists[0] : undefined;
  const info = infoPlistFile ? plists.read(infoPlistFile) : undefined;
  const bundleIdentifier = info && typeof info.CFBundleIdentifier === 'string' && !info.CFBundleIdentifier.includes('$') ? info.CFBundleIdentifier : undefined;
  const source: ModelSource = heuristics.length > 0 ? 'heuristic' : 'default';
  return {
    target: {
      name: root.split(sep).pop() || 'App',
      kind: 'app',
      bundleIdentifier,
      infoPlistFile,
      ...entitlementsFields(pickEntitlements(root, found.entitlements, extensionDirs), plists),
      embeds: heuristics.filter(({ target }) => EXTENSION_KINDS.has(target.kind)).map(({ target }) => target.name),
      hostApps: [],
      links: [],
      source,
    },
    membership: { files: [], folders: [{ dir: root, excludes: (path) => path.split('/').some((part) => IGNORED_DIRS.has(part)) }] },
  };
}

/** Guessed targets are named after their folder; two folders of one name get their relative path. */
function uniqueNames(heuristics: LoadedTarget[], project: LoadedTarget[], root: string): void {
  const taken = new Set(project.map(({ target }) => target.name));
  for (const { target, membership } of heuristics) {
    if (taken.has(target.name) && membership.folders[0]) {
      target.name = relative(root, membership.folders[0].dir).split(sep).join('/') || target.name;
    }
    taken.add(target.name);
  }
}

/** hostApps is the inverse of embeds, within one project description (names are per project). */
function linkHosts(all: LoadedTarget[]): void {
  for (const { target: host } of all) {
    for (const name of host.embeds) {
      const embedded =
        all.find(({ target }) => target.name === name && target.projectFile === host.projectFile) ??
        all.find(({ target }) => target.name === name);
      if (embedded && !embedded.target.hostApps.includes(host.name)) embedded.target.hostApps.push(host.name);
    }
  }
}

function isIgnored(root: string, file: string): boolean {
  return relative(root, file).split(sep).some((part) => IGNORED_DIRS.has(part));
}

/** File → targets for one group of targets: exact files by map, folders by prefix. */
class MembershipIndex {
  private readonly byFile = new Map<string, Target[]>();
  private readonly folders: Array<{ rule: FolderRule; target: Target }> = [];

  constructor(loaded: LoadedTarget[]) {
    for (const { target, membership } of loaded) {
      for (const file of membership.files) {
        const list = this.byFile.get(file);
        if (!list) this.byFile.set(file, [target]);
        else if (!list.includes(target)) list.push(target);
      }
      for (const rule of membership.folders) this.folders.push({ rule, target });
    }
    // Deepest folders first, so the heuristic lookup can stop at the most specific one.
    this.folders.sort((a, b) => b.rule.dir.length - a.rule.dir.length);
  }

  lookup(path: string): Target[] {
    const result = [...(this.byFile.get(path) ?? [])];
    for (const { rule, target } of this.folders) {
      if (result.includes(target) || !isInside(path, rule.dir) || path === rule.dir) continue;
      if (rule.excludedPaths?.some((excluded) => isInside(path, excluded))) continue;
      if (rule.excludes?.(relative(rule.dir, path).split(sep).join('/'))) continue;
      result.push(target);
    }
    return result;
  }

  /** The most specific folder rule containing `path` (heuristic folders nest). */
  deepest(path: string): Target[] {
    for (const { rule, target } of this.folders) {
      if (isInside(path, rule.dir) && path !== rule.dir) return [target];
    }
    return [];
  }

  /** Whether a folder already belongs to a described target (its files are spoken for). */
  coversFolder(dir: string): boolean {
    for (const { rule } of this.folders) if (isInside(dir, rule.dir) || isInside(rule.dir, dir)) return true;
    for (const file of this.byFile.keys()) if (isInside(file, dir)) return true;
    return false;
  }
}

class Model implements ProjectModel {
  constructor(
    readonly rootDir: string,
    readonly targets: Target[],
    private readonly projectIndex: MembershipIndex,
    private readonly heuristicIndex: MembershipIndex,
    private readonly fallback: LoadedTarget | undefined,
    readonly problems: ProjectProblem[],
  ) {}

  /** Membership never changes once the model is built: computed once per file. */
  private readonly membership = new Map<string, Target[]>();

  targetsForFile(absPath: string): Target[] {
    let targets = this.membership.get(absPath);
    if (!targets) this.membership.set(absPath, (targets = this.computeTargetsForFile(absPath)));
    return targets;
  }

  private computeTargetsForFile(absPath: string): Target[] {
    const path = resolve(absPath);
    // What a project says wins; guesses only fill in for files no project covers.
    const described = this.projectIndex.lookup(path);
    if (described.length > 0) return described;
    const guessed = this.heuristicIndex.deepest(path);
    if (guessed.length > 0) return guessed;
    if (this.fallback && isInside(path, this.rootDir) && !isIgnored(this.rootDir, path)) return [this.fallback.target];
    return [];
  }

  target(name: string): Target | undefined {
    return this.targets.find((target) => target.name === name);
  }
}
