// Reads the targets of a SwiftPM `Package.swift` from its syntax tree, without evaluating it:
// the `targets:` and `platforms:` arguments of the `Package(…)` call, following names and
// parameterless functions declared in the same file (`let core = Target.target(…)`,
// `targets: [core] + extra`, `var targets = […]; targets.append(…)`, `func packageTargets()`).
// Whatever does not resolve to a literal call is skipped: a missing target beats a made-up one.
import type { Node } from 'web-tree-sitter';
import { calleeNameAndReceiver, namedChildren, plainStringValue, readCall, unwrapExpression, type CallParts } from '../facts/syntax';

export type TargetCall = 'target' | 'executableTarget' | 'testTarget' | 'binaryTarget' | 'plugin' | 'macro' | 'systemLibrary';

const TARGET_CALLS = new Set<string>(['target', 'executableTarget', 'testTarget', 'binaryTarget', 'plugin', 'macro', 'systemLibrary']);

export interface ManifestTarget {
  call: TargetCall;
  name: string;
  path?: string;
  sources: string[];
  exclude: string[];
  /** Targets of this package it depends on (`"Core"`, `.target(name:)`, `.byName(name:)`). */
  targetDependencies: string[];
  /** `.product(name:package:)` dependencies, by product name. */
  productDependencies: string[];
}

export interface Manifest {
  /** `.iOS(.v15_4)` → "15.4"; undefined when `platforms:` names no iOS version. */
  iosDeploymentTarget?: string;
  /** In declaration order, first declaration of a name wins. */
  targets: ManifestTarget[];
}

/** Guards against `var t = t + […]` and other self-references. */
const MAX_DEPTH = 32;

export function readManifest(root: Node): Manifest {
  const reader = new ManifestReader(root);
  const packageCall = reader.firstCall('Package');
  if (!packageCall) return { targets: [] };
  const scope = reader.scopeOf(packageCall.node);
  const targets: ManifestTarget[] = [];
  const targetValues = [...valuesOf(packageCall, 'targets'), ...reader.packageMutations(packageCall.node)];
  for (const value of targetValues) {
    for (const element of reader.elements(value, scope)) {
      const target = reader.target(element);
      if (target && !targets.some(({ name }) => name === target.name)) targets.push(target);
    }
  }
  const platforms = valuesOf(packageCall, 'platforms').flatMap((value) => reader.elements(value, scope));
  return { iosDeploymentTarget: firstDefined(platforms.map((platform) => reader.iosVersion(platform))), targets };
}

export function valuesOf(call: CallParts, label: string): Node[] {
  return call.args.filter((arg) => arg.label === label).map((arg) => arg.value);
}

function firstDefined<T>(values: (T | undefined)[]): T | undefined {
  return values.find((value) => value !== undefined);
}

/** The called name of `.x(…)`, `Target.x(…)` or `x(…)`, with whether it had a receiver. */
export function calledName(call: CallParts): { name: string; implicit: boolean; receiver?: string } | undefined {
  const { name, receiver, implicitMember } = calleeNameAndReceiver(call.callee);
  if (!name) return undefined;
  return { name: name.text, implicit: implicitMember, receiver: receiver?.text };
}

/** Reads a Swift manifest (Package.swift, Tuist's Project.swift) from its syntax tree: names and parameterless functions are followed. */
export class ManifestReader {
  private depth = 0;

  constructor(private readonly root: Node) {}

  /** The first `<name>(…)` call of the file (`Package(…)`, `Project(…)`). */
  firstCall(name: string): CallParts | undefined {
    for (const node of this.root.descendantsOfType('call_expression')) {
      const call = node ? readCall(node) : undefined;
      if (call && call.callee.type === 'simple_identifier' && call.callee.text === name) return call;
    }
    return undefined;
  }

  /** `package.targets.append(…)` / `package.targets += […]` after the call, for the variable holding it. */
  packageMutations(packageNode: Node): Node[] {
    const declaration = packageNode.parent;
    if (declaration?.type !== 'property_declaration') return [];
    const variable = declaration.childForFieldName('name')?.childForFieldName('bound_identifier')?.text;
    return variable ? this.mutationsOf(`${variable}.targets`, this.scopeOf(packageNode)) : [];
  }

  /** The statements a name is looked up in: the enclosing function body, else the file. */
  scopeOf(node: Node): Node {
    for (let current = node.parent; current; current = current.parent) {
      if (current.type === 'function_body') return current;
    }
    return this.root;
  }

  /** The expressions an array-valued expression is made of, through `+`, names and functions. */
  elements(node: Node, scope: Node): Node[] {
    if (this.depth >= MAX_DEPTH) return [];
    this.depth++;
    try {
      return this.elementsUnguarded(unwrapExpression(node), scope);
    } finally {
      this.depth--;
    }
  }

  private elementsUnguarded(node: Node, scope: Node): Node[] {
    if (node.type === 'array_literal') return namedChildren(node).flatMap((element) => this.elementOrArray(element, scope));
    if (node.type === 'additive_expression') {
      const parts = [node.childForFieldName('lhs'), node.childForFieldName('rhs')];
      return parts.flatMap((part) => (part ? this.elements(part, scope) : []));
    }
    return this.elementOrArray(node, scope);
  }

  /** One array element: a literal call stays as it is; a name or function call is resolved. */
  private elementOrArray(node: Node, scope: Node): Node[] {
    const expression = unwrapExpression(node);
    if (expression.type === 'simple_identifier') {
      return this.resolveName(expression.text, scope).flatMap(({ value, scope: where }) => this.elements(value, where));
    }
    const call = expression.type === 'call_expression' ? readCall(expression) : undefined;
    const noArguments = call !== undefined && call.args.length === 0 && call.trailingClosures.length === 0;
    if (call && noArguments && call.callee.type === 'simple_identifier') {
      const returned = this.returnedValues(call.callee.text);
      if (returned.length > 0) return returned.flatMap(({ value, scope: where }) => this.elements(value, where));
    }
    // tree-sitter-swift 0.7.1 reads `[…] + extraTargets()` as `([…] + extraTargets)()`.
    const rhs = call?.callee.type === 'additive_expression' ? call.callee.childForFieldName('rhs') : null;
    if (call && noArguments && rhs?.type === 'simple_identifier') {
      const lhs = call.callee.childForFieldName('lhs');
      const returned = this.returnedValues(rhs.text).flatMap(({ value, scope: where }) => this.elements(value, where));
      return [...(lhs ? this.elements(lhs, scope) : []), ...returned];
    }
    if (expression.type === 'array_literal' || expression.type === 'additive_expression') return this.elements(expression, scope);
    return [expression];
  }

  /** Initial values of a variable declared in `scope` (else the file), plus appends and `+=`. */
  private resolveName(name: string, scope: Node): { value: Node; scope: Node }[] {
    for (let current: Node | undefined = scope; current; current = current === this.root ? undefined : this.root) {
      const values = this.declaredValues(name, current);
      if (values.length > 0) return [...values, ...this.mutationsOf(name, current)].map((value) => ({ value, scope: current! }));
    }
    return [];
  }

  private declaredValues(name: string, scope: Node): Node[] {
    const values: Node[] = [];
    for (const declaration of this.nodesInScope(scope, 'property_declaration')) {
      if (declaration.childForFieldName('name')?.childForFieldName('bound_identifier')?.text !== name) continue;
      const value = declaration.childForFieldName('value');
      if (value) values.push(value);
    }
    return values;
  }

  /** What `name.append(x)`, `name.append(contentsOf: xs)` and `name += xs` add in `scope`. */
  private mutationsOf(name: string, scope: Node): Node[] {
    let byName = this.mutations.get(scope.id);
    if (!byName) this.mutations.set(scope.id, (byName = this.mutationsIn(scope)));
    return byName.get(name) ?? [];
  }

  /** Every mutation in a scope, by the mutated name (whitespace removed): one pass, not one per name looked up. */
  private readonly mutations = new Map<number, Map<string, Node[]>>();

  private mutationsIn(scope: Node): Map<string, Node[]> {
    const added = new Map<string, Node[]>();
    const add = (target: Node, value: Node) => {
      const name = target.text.replace(/\s+/g, '');
      if (!added.has(name)) added.set(name, []);
      added.get(name)!.push(value);
    };
    for (const node of this.nodesInScope(scope, 'call_expression')) {
      const call = readCall(node);
      const called = call ? calledName(call) : undefined;
      const receiver = call && called?.name === 'append' && !called.implicit ? calleeNameAndReceiver(call.callee).receiver : undefined;
      if (!call || !receiver) continue;
      for (const arg of call.args) {
        if (arg.label === 'contentsOf') add(receiver, arg.value);
        else if (arg.label === undefined) add(receiver, arg.value); // one element: resolves to itself
      }
    }
    for (const node of this.nodesInScope(scope, 'assignment')) {
      const operator = node.children.find((child) => child && !child.isNamed && child.text === '+=');
      const target = node.childForFieldName('target');
      const result = node.childForFieldName('result');
      if (operator && result && target) add(target, result);
    }
    return added;
  }

  /** The `return` values of parameterless functions of that name in the file. */
  private returnedValues(name: string): { value: Node; scope: Node }[] {
    const found: { value: Node; scope: Node }[] = [];
    for (const declaration of this.nodesInScope(this.root, 'function_declaration', true)) {
      if (declaration.childForFieldName('name')?.text !== name) continue;
      if (namedChildren(declaration).some((child) => child.type === 'parameter')) continue;
      const body = declaration.childForFieldName('body');
      if (!body) continue;
      for (const statement of this.nodesInScope(body, 'control_transfer_statement')) {
        const result = statement.childForFieldName('result');
        if (result && statement.text.trimStart().startsWith('return')) found.push({ value: result, scope: body });
      }
    }
    return found;
  }

  /** Nodes of a type inside `scope`, not inside nested functions or closures (their own scopes). */
  private nodesInScope(scope: Node, type: string, includeNestedFunctions = false): Node[] {
    const key = `${scope.id} ${type} ${includeNestedFunctions}`;
    let found = this.scopeNodes.get(key);
    if (!found) this.scopeNodes.set(key, (found = this.findInScope(scope, type, includeNestedFunctions)));
    return found;
  }

  /** nodesInScope's answers: a manifest that resolves many names asks the same ones again and again. */
  private readonly scopeNodes = new Map<string, Node[]>();

  private findInScope(scope: Node, type: string, includeNestedFunctions: boolean): Node[] {
    const out: Node[] = [];
    const visit = (node: Node) => {
      for (const child of namedChildren(node)) {
        if (child.type === type) out.push(child);
        const nested = child.type === 'function_declaration' || child.type === 'lambda_literal';
        if (!nested || includeNestedFunctions) visit(child);
      }
    };
    visit(scope);
    return out;
  }

  /** A target declaration call, or undefined for anything else. */
  target(node: Node): ManifestTarget | undefined {
    const call = node.type === 'call_expression' ? readCall(node) : undefined;
    const called = call ? calledName(call) : undefined;
    if (!call || !called || !TARGET_CALLS.has(called.name)) return undefined;
    if (!(called.implicit || called.receiver === 'Target' || called.receiver === 'PackageDescription.Target')) return undefined;
    const scope = this.scopeOf(node);
    const name = this.stringArgument(call, 'name', scope);
    if (name === undefined) return undefined;
    const target: ManifestTarget = {
      call: called.name as TargetCall,
      name,
      path: this.stringArgument(call, 'path', scope),
      sources: this.stringListArgument(call, 'sources', scope),
      exclude: this.stringListArgument(call, 'exclude', scope),
      targetDependencies: [],
      productDependencies: [],
    };
    for (const value of valuesOf(call, 'dependencies')) {
      for (const dependency of this.elements(value, scope)) this.addDependency(dependency, scope, target);
    }
    return target;
  }

  private addDependency(node: Node, scope: Node, target: ManifestTarget): void {
    const literal = plainStringValue(node);
    if (literal !== undefined) {
      target.targetDependencies.push(literal);
      return;
    }
    const call = node.type === 'call_expression' ? readCall(node) : undefined;
    const called = call ? calledName(call) : undefined;
    if (!call || !called?.implicit) return;
    const name = this.stringArgument(call, 'name', scope);
    if (name === undefined) return;
    if (called.name === 'target' || called.name === 'byName') target.targetDependencies.push(name);
    else if (called.name === 'product') target.productDependencies.push(name);
  }

  stringArgument(call: CallParts, label: string, scope: Node): string | undefined {
    const values = valuesOf(call, label);
    return values.length === 1 ? this.stringValue(values[0], scope) : undefined;
  }

  stringListArgument(call: CallParts, label: string, scope: Node): string[] {
    return valuesOf(call, label)
      .flatMap((value) => this.elements(value, scope))
      .map((element) => this.stringValue(element, scope))
      .filter((value): value is string => value !== undefined);
  }

  /** A string literal, or a name declared once with one. */
  stringValue(node: Node, scope: Node): string | undefined {
    const expression = unwrapExpression(node);
    const literal = plainStringValue(expression);
    if (literal !== undefined || expression.type !== 'simple_identifier') return literal;
    const declared = this.resolveName(expression.text, scope);
    return declared.length === 1 ? plainStringValue(unwrapExpression(declared[0].value)) : undefined;
  }

  /** `.iOS(.v15)`, `.iOS(.v15_4)`, `.iOS("14.0")`. */
  iosVersion(node: Node): string | undefined {
    const call = node.type === 'call_expression' ? readCall(node) : undefined;
    const called = call ? calledName(call) : undefined;
    if (!call || called?.name !== 'iOS' || call.args.length !== 1) return undefined;
    const value = unwrapExpression(call.args[0].value);
    const literal = plainStringValue(value);
    if (literal !== undefined) return literal;
    const version = value.type === 'prefix_expression' ? /^\.v(\d+)(?:_(\d+))?$/.exec(value.text.replace(/\s+/g, '')) : null;
    return version ? `${version[1]}.${version[2] ?? '0'}` : undefined;
  }
}
