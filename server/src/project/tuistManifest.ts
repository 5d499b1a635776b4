// Reads the targets of a Tuist `Project.swift` from its syntax tree, without evaluating it: the
// `targets:` of the `Project(…)` call, each a literal `.target(…)` / `Target(…)` with its name,
// product, bundle identifier, sources, Info.plist, entitlements and target dependencies. Targets
// made by the project's own helper functions (`.extensionTarget(…)` in ProjectDescriptionHelpers)
// are skipped: a missing target beats a made-up one.
import type { Node } from 'web-tree-sitter';
import { calleeNameAndReceiver, readCall, unwrapExpression, type CallParts } from '../facts/syntax';
import { calledName, ManifestReader, valuesOf } from './packageManifest';

export interface TuistTarget {
  name: string;
  /** `.app`, `.appExtension`, `.framework`, … without the dot. */
  product?: string;
  bundleId?: string;
  /** Globs or paths, relative to the manifest's folder. */
  sources: string[];
  infoPlist?: string;
  entitlements?: string;
  /** `.target(name:)` dependencies. */
  targetDependencies: string[];
}

export function readTuistProject(root: Node): TuistTarget[] {
  const reader = new ManifestReader(root);
  const project = reader.firstCall('Project');
  if (!project) return [];
  const scope = reader.scopeOf(project.node);
  const targets: TuistTarget[] = [];
  for (const value of valuesOf(project, 'targets')) {
    for (const element of reader.elements(value, scope)) {
      const target = readTarget(reader, element, scope);
      if (target && !targets.some(({ name }) => name === target.name)) targets.push(target);
    }
  }
  return targets;
}

function readTarget(reader: ManifestReader, node: Node, scope: Node): TuistTarget | undefined {
  const call = node.type === 'call_expression' ? readCall(node) : undefined;
  const called = call ? calledName(call) : undefined;
  if (!call || !called) return undefined;
  const isTarget =
    (called.name === 'target' && (called.implicit || called.receiver === 'Target')) || (called.name === 'Target' && call.callee.type === 'simple_identifier');
  if (!isTarget) return undefined;
  const name = reader.stringArgument(call, 'name', scope);
  if (name === undefined) return undefined;
  return {
    name,
    product: implicitMemberArgument(call, 'product'),
    bundleId: reader.stringArgument(call, 'bundleId', scope),
    sources: reader.stringListArgument(call, 'sources', scope),
    infoPlist: filePath(reader, call, 'infoPlist', scope),
    entitlements: filePath(reader, call, 'entitlements', scope),
    targetDependencies: valuesOf(call, 'dependencies')
      .flatMap((value) => reader.elements(value, scope))
      .map((dependency) => {
        const inner = dependency.type === 'call_expression' ? readCall(dependency) : undefined;
        const dependencyCall = inner ? calledName(inner) : undefined;
        return inner && dependencyCall?.implicit && dependencyCall.name === 'target' ? reader.stringArgument(inner, 'name', scope) : undefined;
      })
      .filter((dependency): dependency is string => dependency !== undefined),
  };
}

/** `product: .appExtension` → "appExtension". */
function implicitMemberArgument(call: CallParts, label: string): string | undefined {
  const values = valuesOf(call, label);
  if (values.length !== 1) return undefined;
  const { name, implicitMember, receiver } = calleeNameAndReceiver(unwrapExpression(values[0]));
  return name && (implicitMember || receiver?.text === 'Product') ? name.text : undefined;
}

/** `"a/Info.plist"`, `.file(path: "a/Info.plist")` or `.relativeToRoot("…")`; `.default`/`.extendingDefault(…)` name no file. */
function filePath(reader: ManifestReader, call: CallParts, label: string, scope: Node): string | undefined {
  const values = valuesOf(call, label);
  if (values.length !== 1) return undefined;
  const literal = reader.stringValue(values[0], scope);
  if (literal !== undefined) return literal;
  const inner = unwrapExpression(values[0]);
  const wrapped = inner.type === 'call_expression' ? readCall(inner) : undefined;
  const wrapper = wrapped ? calledName(wrapped) : undefined;
  if (!wrapped || !wrapper?.implicit) return undefined;
  if (wrapper.name === 'file') return reader.stringArgument(wrapped, 'path', scope);
  if (wrapper.name === 'relativeToManifest' && wrapped.args.length === 1) return reader.stringValue(wrapped.args[0].value, scope);
  return undefined;
}
