// Which processes really run the code of a file that makes a background session: a target that
// compiles the file, or one that links a framework compiling it *and* whose own code reaches that
// code (a reference from its sources or principal class, through at most a few framework files).
// Linking is not making a session: an Intents or widget extension that links the app's shared
// framework but never touches its download manager makes no background session.
import type { CreationContext, FileFacts, Span, ValueExpr } from '../facts/facts';
import type { ProjectModel, Target } from '../project/projectModel';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { processTargetsOf } from './targets';

/** References are followed through this many framework files: a facade calling a manager, and so on. */
const maxHops = 3;

/** A background configuration or session creation: where it is, and whose code makes it. */
export interface Creation {
  file: string;
  span: Span;
  context: CreationContext;
}

export function processTargetsReaching(workspace: WorkspaceIndex, project: ProjectModel | undefined, creation: Creation): Target[] {
  const all = processTargetsOf(project, creation.file);
  if (!project || all.length === 0) return all;
  const direct = new Set(project.targetsForFile(creation.file).map((target) => target.name));
  return all.filter((target) => direct.has(target.name) || reaches(workspace, project, target, creation));
}

interface Cache {
  reached: Map<string, boolean>;
  directTargets: Map<string, Set<string>>;
  processTargets: Map<string, Set<string>>;
  references: WeakMap<FileFacts, Set<string>>;
}

const caches = new WeakMap<object, WeakMap<ProjectModel, Cache>>();

/** One cache per state of the workspace and project: any change starts a new one. */
function cacheFor(workspace: WorkspaceIndex, project: ProjectModel): Cache {
  let byProject = caches.get(workspace.generation);
  if (!byProject) caches.set(workspace.generation, (byProject = new WeakMap()));
  let cache = byProject.get(project);
  if (!cache) byProject.set(project, (cache = { reached: new Map(), directTargets: new Map(), processTargets: new Map(), references: new WeakMap() }));
  return cache;
}

function reaches(workspace: WorkspaceIndex, project: ProjectModel, target: Target, creation: Creation): boolean {
  const cache = cacheFor(workspace, project);
  const key = `${target.name}\0${creation.file}\0${creation.span.start}`;
  const known = cache.reached.get(key);
  if (known !== undefined) return known;
  const result = search(workspace, project, cache, target, creation);
  cache.reached.set(key, result);
  return result;
}

function search(workspace: WorkspaceIndex, project: ProjectModel, cache: Cache, target: Target, creation: Creation): boolean {
  const start = workspace.get(creation.file);
  if (!start) return false;
  const wanted = new Set(namesLeadingTo(workspace, start, creation));
  const visited = new Set([creation.file]);
  for (let hop = 0; hop < maxHops && wanted.size > 0; hop++) {
    const reachedFrameworkFiles: FileFacts[] = [];
    for (const facts of workspace.allFacts()) {
      if (visited.has(facts.file)) continue;
      const references = referencedNames(cache, facts);
      if (![...wanted].some((name) => references.has(name))) continue;
      if (namesOf(cache.directTargets, facts.file, () => project.targetsForFile(facts.file)).has(target.name)) return true;
      if (namesOf(cache.processTargets, facts.file, () => processTargetsOf(project, facts.file)).has(target.name)) reachedFrameworkFiles.push(facts);
    }
    for (const facts of reachedFrameworkFiles) {
      visited.add(facts.file);
      for (const name of declaredNames(workspace, facts)) wanted.add(name);
    }
    if (reachedFrameworkFiles.length === 0) return false;
  }
  return false;
}

function namesOf(map: Map<string, Set<string>>, file: string, targets: () => Target[]): Set<string> {
  let names = map.get(file);
  if (!names) map.set(file, (names = new Set(targets().map((target) => target.name))));
  return names;
}

/** What code must name to run the creation: its type, or the global function or constant that makes it. */
function namesLeadingTo(workspace: WorkspaceIndex, facts: FileFacts, creation: Creation): string[] {
  const { typeName, functionId, property } = creation.context;
  if (typeName && workspace.typeDeclarations(typeName).some((declaration) => declaration.kind !== 'extension')) return [typeName];
  if (typeName) return [];
  const fn = workspace.functionById(functionId);
  if (fn && !fn.typeName) return [fn.name];
  if (property) return [property.name];
  return declaredNames(workspace, facts);
}

/** Types, global functions and global constants a file declares (extensions of system types left out). */
function declaredNames(workspace: WorkspaceIndex, facts: FileFacts): string[] {
  const names = new Set<string>();
  for (const type of facts.types) {
    if (type.kind !== 'extension' || workspace.typeDeclarations(type.name).some((declaration) => declaration.kind !== 'extension')) names.add(type.name);
  }
  for (const fn of facts.functions) if (!fn.typeName && fn.kind === 'function') names.add(fn.name);
  for (const property of facts.properties) if (!property.typeName) names.add(property.name);
  return [...names];
}

/** Every name a file's code refers to: callees, receivers, arguments, declared and inherited types. */
function referencedNames(cache: Cache, facts: FileFacts): Set<string> {
  const known = cache.references.get(facts);
  if (known) return known;
  const names = new Set<string>();
  const addExpr = (expr: ValueExpr | undefined): void => {
    if (!expr) return;
    switch (expr.kind) {
      case 'name':
        names.add(expr.name);
        return;
      case 'member':
        return addExpr(expr.base);
      case 'call':
        return addExpr(expr.callee);
      case 'union':
        return expr.values.forEach(addExpr);
      case 'coalesce':
        addExpr(expr.value);
        return addExpr(expr.ifNil);
      case 'newSession':
        return addExpr(expr.session.configuration);
      default:
        return;
    }
  };
  for (const site of facts.callSites) {
    names.add(site.name);
    addExpr(site.receiver);
    site.argumentValues.forEach(addExpr);
  }
  for (const call of facts.methodCalls) addExpr(call.receiver);
  for (const set of facts.propertySets) addExpr(set.receiver);
  for (const property of facts.properties) {
    if (property.declaredType) names.add(property.declaredType);
    addExpr(property.initializer);
    property.getterReturns.forEach(addExpr);
  }
  for (const type of facts.types) type.inherits.forEach((name) => names.add(name));
  for (const fn of facts.functions) for (const param of fn.params) if (param.type) names.add(param.type);
  cache.references.set(facts, names);
  return names;
}
