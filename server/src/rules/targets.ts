// Which processes run a file's code: the targets it is compiled into, and which of them can run
// at the same time (an app and its extensions, two extensions of one app).
import type { ProjectModel, Target, TargetKind } from '../project/projectModel';

const extensionKinds = new Set<TargetKind>(['app-extension', 'widget-extension', 'watch-extension']);
const processKinds = new Set<TargetKind>(['app', 'watch-app', ...extensionKinds]);

function isWatch(target: Target): boolean {
  return target.kind === 'watch-app' || target.kind === 'watch-extension';
}

/** Runs as a process of its own (an app or an extension), not a framework, tool or test bundle. */
export function isProcess(target: Target): boolean {
  return processKinds.has(target.kind);
}

export function isExtension(target: Target): boolean {
  return extensionKinds.has(target.kind);
}

/**
 * Targets that run as a process of their own and run `file`'s code: those that compile it, and
 * those that link a framework compiling it (directly or through other frameworks).
 */
export function processTargetsOf(project: ProjectModel | undefined, file: string): Target[] {
  if (!project) return [];
  let byFile = processTargetsMemo.get(project);
  if (!byFile) processTargetsMemo.set(project, (byFile = new Map()));
  let processes = byFile.get(file);
  if (!processes) byFile.set(file, (processes = computeProcessTargets(project, file)));
  return processes;
}

/** Per project model (immutable once built), per file: rules ask for every file of the workspace. */
const processTargetsMemo = new WeakMap<ProjectModel, Map<string, Target[]>>();

function computeProcessTargets(project: ProjectModel | undefined, file: string): Target[] {
  const targets = project?.targetsForFile(file) ?? [];
  const processes = targets.filter((target) => processKinds.has(target.kind));
  const frameworks = new Set(targets.filter((target) => target.kind === 'framework').map((target) => target.name));
  if (!project || frameworks.size === 0) return processes;
  for (let grew = true; grew; ) {
    grew = false;
    for (const target of project.targets) {
      if (target.kind === 'framework' && !frameworks.has(target.name) && target.links.some((name) => frameworks.has(name))) {
        frameworks.add(target.name);
        grew = true;
      }
    }
  }
  for (const target of project.targets) {
    if (processKinds.has(target.kind) && !processes.includes(target) && target.links.some((name) => frameworks.has(name))) processes.push(target);
  }
  return processes;
}

/** An app and one of its extensions, or two extensions of the same app, may run at once. */
export function canRunTogether(a: Target, b: Target): boolean {
  if (a.name === b.name) return false;
  // A watch app runs on the watch, not beside the phone app that embeds it.
  if (isWatch(a) !== isWatch(b)) return false;
  if (a.embeds.includes(b.name) || b.embeds.includes(a.name)) return true;
  if (a.hostApps.some((host) => b.hostApps.includes(host))) return true;
  // Guessed targets carry no embedding: an extension found by heuristics runs beside any app.
  const guessed = a.source === 'heuristic' || b.source === 'heuristic' || a.source === 'default' || b.source === 'default';
  return guessed && (isExtension(a) || isExtension(b));
}

export function targetNames(targets: Target[]): string {
  return targets.map((target) => `'${target.name}'`).join(' and ');
}
