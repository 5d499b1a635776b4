// Facts of every indexed file, merged, and the evaluator that decides what a value is:
// a background configuration, a background session, an instance of a workspace type, …
// Whatever cannot be resolved is `unknown`, and unknown is never background.
import type {
  CallSite,
  ConfigCreation,
  FileFacts,
  FunctionFact,
  PropertyFact,
  SessionCreation,
  TypeFact,
  ValueExpr,
} from '../facts/facts';

export type Value =
  | { kind: 'bgConfig'; configs: ConfigCreation[] }
  | { kind: 'bgSession'; sessions: SessionCreation[] }
  | { kind: 'instance'; typeName: string }
  | { kind: 'metatype'; typeName: string }
  | { kind: 'string'; value: string }
  | { kind: 'random' }
  | { kind: 'notBackground' }
  | { kind: 'nil' }
  | { kind: 'unknown' };

const unknown: Value = { kind: 'unknown' };
const maxDepth = 40;

type Members<T> = Map<string, Map<string, T[]>>;

function push<T>(map: Members<T>, owner: string, name: string, item: T): void {
  let byName = map.get(owner);
  if (!byName) map.set(owner, (byName = new Map()));
  const list = byName.get(name);
  if (list) list.push(item);
  else byName.set(name, [item]);
}

/** Derived lookups, rebuilt whenever a file changes. */
class Lookups {
  readonly types = new Map<string, TypeFact[]>();
  readonly properties: Members<PropertyFact> = new Map();
  readonly functions: Members<FunctionFact> = new Map();
  readonly functionsById = new Map<number, FunctionFact>();
  readonly assignments: Members<ValueExpr> = new Map();
  readonly callSites = new Map<string, CallSite[]>();

  constructor(files: Iterable<FileFacts>) {
    for (const facts of files) {
      for (const type of facts.types) {
        const list = this.types.get(type.name);
        if (list) list.push(type);
        else this.types.set(type.name, [type]);
      }
      for (const property of facts.properties) push(this.properties, property.typeName ?? '', property.name, property);
      for (const fn of facts.functions) {
        push(this.functions, fn.typeName ?? '', fn.name, fn);
        this.functionsById.set(fn.id, fn);
      }
      for (const assignment of facts.memberAssignments) push(this.assignments, assignment.typeName, assignment.name, assignment.value);
      for (const site of facts.callSites) {
        const list = this.callSites.get(site.name);
        if (list) list.push(site);
        else this.callSites.set(site.name, [site]);
      }
    }
  }
}

export class WorkspaceIndex {
  private readonly files = new Map<string, FileFacts>();
  private lookups: Lookups | undefined;
  private memo = new WeakMap<object, Value>();
  private readonly inProgress = new Set<object>();

  set(facts: FileFacts): void {
    this.files.set(facts.file, facts);
    this.invalidate();
  }

  remove(file: string): void {
    if (this.files.delete(file)) this.invalidate();
  }

  get(file: string): FileFacts | undefined {
    return this.files.get(file);
  }

  allFacts(): Iterable<FileFacts> {
    return this.files.values();
  }

  private invalidate(): void {
    this.lookups = undefined;
    this.memo = new WeakMap();
    this.derivedValues.clear();
  }

  private readonly derivedValues = new Map<object, unknown>();

  /**
   * A value computed from all facts (an index a rule builds), kept until any file changes.
   * `key` identifies the computation, e.g. the project model it also depends on.
   */
  derived<T>(key: object, compute: () => T): T {
    if (!this.derivedValues.has(key)) this.derivedValues.set(key, compute());
    return this.derivedValues.get(key) as T;
  }

  private get index(): Lookups {
    this.lookups ??= new Lookups(this.files.values());
    return this.lookups;
  }

  functionById(id: number | undefined): FunctionFact | undefined {
    return id === undefined ? undefined : this.index.functionsById.get(id);
  }

  callSitesNamed(name: string): CallSite[] {
    return this.index.callSites.get(name) ?? [];
  }

  typeDeclarations(name: string): TypeFact[] {
    return this.index.types.get(name) ?? [];
  }

  /** The background sessions an expression may denote, or undefined unless it surely denotes one. */
  backgroundSessions(expr: ValueExpr): SessionCreation[] | undefined {
    const value = this.evaluate(expr);
    return value.kind === 'bgSession' ? value.sessions : undefined;
  }

  /** The background configurations an expression may denote, or undefined unless it surely is one. */
  backgroundConfigs(expr: ValueExpr): ConfigCreation[] | undefined {
    const value = this.evaluate(expr);
    return value.kind === 'bgConfig' ? value.configs : undefined;
  }

  evaluate(expr: ValueExpr, depth = 0): Value {
    const memo = this.memo.get(expr);
    if (memo) return memo;
    if (depth > maxDepth || this.inProgress.has(expr)) return unknown;
    this.inProgress.add(expr);
    const value = this.compute(expr, depth + 1);
    this.inProgress.delete(expr);
    this.memo.set(expr, value);
    return value;
  }

  private compute(expr: ValueExpr, depth: number): Value {
    switch (expr.kind) {
      case 'bgConfig':
        return { kind: 'bgConfig', configs: [expr.config] };
      case 'otherConfig':
      case 'notBackground':
        return { kind: 'notBackground' };
      case 'newSession': {
        const configuration = this.evaluate(expr.session.configuration, depth);
        if (configuration.kind === 'bgConfig') return { kind: 'bgSession', sessions: [expr.session] };
        return configuration.kind === 'notBackground' ? { kind: 'notBackground' } : unknown;
      }
      case 'nil':
        return { kind: 'nil' };
      case 'literal':
        return expr.stringValue !== undefined ? { kind: 'string', value: expr.stringValue } : { kind: 'notBackground' };
      case 'random':
        return { kind: 'random' };
      case 'self':
        return expr.typeName ? { kind: 'instance', typeName: expr.typeName } : unknown;
      case 'name':
        return this.resolveName(expr.name, expr.typeName, depth);
      case 'member':
        return this.member(this.evaluate(expr.base, depth), expr.name, depth);
      case 'call':
        return this.call(expr, depth);
      case 'param':
        return this.parameter(expr.functionId, expr.index, depth);
      case 'union':
        return join(expr.values.map((value) => this.evaluate(value, depth)));
      case 'unknown':
        return unknown;
    }
  }

  private resolveName(name: string, typeName: string | undefined, depth: number): Value {
    if (typeName) {
      const value = this.memberOfType(typeName, name, undefined, depth);
      if (value) return value;
    }
    const global = this.propertyValue('', name, undefined, depth);
    if (global) return global;
    if (this.index.types.has(name)) return { kind: 'metatype', typeName: name };
    return unknown;
  }

  private member(base: Value, name: string, depth: number): Value {
    switch (base.kind) {
      case 'instance':
        return this.memberOfType(base.typeName, name, false, depth) ?? unknown;
      case 'metatype':
        return this.memberOfType(base.typeName, name, true, depth) ?? unknown;
      case 'bgSession':
        if (name === 'configuration') {
          return join(base.sessions.map((session) => this.evaluate(session.configuration, depth)));
        }
        return unknown;
      case 'random':
        return base;
      default:
        return unknown;
    }
  }

  /** A property of a type (its extensions and superclasses included), or undefined when it has none. */
  private memberOfType(typeName: string, name: string, isStatic: boolean | undefined, depth: number): Value | undefined {
    for (const owner of this.typeChain(typeName)) {
      const value = this.propertyValue(owner, name, isStatic, depth);
      if (value) return value;
    }
    return undefined;
  }

  /** The type and its superclasses known to the workspace, nearest first. */
  private typeChain(typeName: string): string[] {
    const chain = [typeName];
    for (let i = 0; i < chain.length && chain.length < 8; i++) {
      for (const declaration of this.index.types.get(chain[i]) ?? []) {
        for (const parent of declaration.inherits) {
          if (this.index.types.has(parent) && !chain.includes(parent)) chain.push(parent);
        }
      }
    }
    return chain;
  }

  private propertyValue(owner: string, name: string, isStatic: boolean | undefined, depth: number): Value | undefined {
    const declared = (this.index.properties.get(owner)?.get(name) ?? []).filter(
      (property) => isStatic === undefined || property.isStatic === isStatic,
    );
    if (declared.length === 0) return undefined;
    const values: Value[] = [];
    for (const property of declared) {
      if (property.initializer) values.push(this.evaluate(property.initializer, depth));
      for (const returned of property.getterReturns) values.push(this.evaluate(returned, depth));
    }
    for (const assigned of this.index.assignments.get(owner)?.get(name) ?? []) values.push(this.evaluate(assigned, depth));
    const joined = values.length > 0 ? join(values) : unknown;
    if (joined.kind === 'unknown' || joined.kind === 'nil') {
      // A declared workspace type still tells what the property holds: `let store: DownloadStore`.
      const declaredType = declared.find((property) => property.declaredType)?.declaredType;
      if (declaredType && this.index.types.has(declaredType)) return { kind: 'instance', typeName: declaredType };
    }
    return joined;
  }

  private call(expr: Extract<ValueExpr, { kind: 'call' }>, depth: number): Value {
    const callee = expr.callee;
    if (callee.kind === 'name') {
      if (callee.typeName) {
        for (const owner of this.typeChain(callee.typeName)) {
          const value = this.functionResult(owner, callee.name, expr.labels, depth);
          if (value) return value;
        }
      }
      const global = this.functionResult('', callee.name, expr.labels, depth);
      if (global) return global;
      if (this.index.types.has(callee.name)) return { kind: 'instance', typeName: callee.name };
      return unknown;
    }
    if (callee.kind === 'member') {
      const base = this.evaluate(callee.base, depth);
      if (base.kind === 'random') return base;
      if (base.kind === 'instance' || base.kind === 'metatype') {
        if (base.kind === 'metatype' && callee.name === 'init') return { kind: 'instance', typeName: base.typeName };
        for (const owner of this.typeChain(base.typeName)) {
          const value = this.functionResult(owner, callee.name, expr.labels, depth);
          if (value) return value;
        }
      }
    }
    return unknown;
  }

  private functionResult(owner: string, name: string, labels: (string | undefined)[], depth: number): Value | undefined {
    const candidates = this.index.functions.get(owner)?.get(name);
    if (!candidates || candidates.length === 0) return undefined;
    const matching = candidates.filter((fn) => labelsMatch(fn, labels));
    const chosen = matching.length > 0 ? matching : candidates;
    const values = chosen.flatMap((fn) => fn.returns.map((returned) => this.evaluate(returned, depth)));
    return values.length > 0 ? join(values) : unknown;
  }

  /** A parameter is its default value, unless some caller passes that argument (then unknown). */
  private parameter(functionId: number, index: number, depth: number): Value {
    const fn = this.index.functionsById.get(functionId);
    const param = fn?.params[index];
    if (!fn || !param?.defaultValue) return unknown;
    const label = param.externalName ?? param.name;
    const calleeName = fn.kind === 'init' ? fn.typeName : fn.name;
    if (!calleeName) return unknown;
    const passed = (this.index.callSites.get(calleeName) ?? []).some((site) => site.labels.includes(label === '_' ? undefined : label));
    return passed ? unknown : this.evaluate(param.defaultValue, depth);
  }
}

function labelsMatch(fn: FunctionFact, labels: (string | undefined)[]): boolean {
  const required = fn.params.filter((param) => !param.defaultValue).length;
  if (labels.length < required || labels.length > fn.params.length) return false;
  return labels.every((label, i) => {
    const external = fn.params[i]?.externalName ?? fn.params[i]?.name;
    return (external === '_' ? undefined : external) === label;
  });
}

/** The value of a union: agreed when every branch agrees (nil ignored), otherwise unknown. */
export function join(values: Value[]): Value {
  const present = values.filter((value) => value.kind !== 'nil');
  if (present.length === 0) return values.length > 0 ? { kind: 'nil' } : unknown;
  if (present.some((value) => value.kind === 'random')) return { kind: 'random' };
  const first = present[0];
  switch (first.kind) {
    case 'bgSession': {
      if (!present.every((value) => value.kind === 'bgSession')) return unknown;
      const sessions = new Set(present.flatMap((value) => (value.kind === 'bgSession' ? value.sessions : [])));
      return { kind: 'bgSession', sessions: [...sessions] };
    }
    case 'bgConfig': {
      if (!present.every((value) => value.kind === 'bgConfig')) return unknown;
      const configs = new Set(present.flatMap((value) => (value.kind === 'bgConfig' ? value.configs : [])));
      return { kind: 'bgConfig', configs: [...configs] };
    }
    case 'instance':
    case 'metatype':
      return present.every((value) => value.kind === first.kind && value.typeName === first.typeName) ? first : unknown;
    case 'string':
      return present.every((value) => value.kind === 'string' && value.value === first.value) ? first : unknown;
    case 'notBackground':
      return present.every((value) => value.kind === 'notBackground') ? first : unknown;
    default:
      return unknown;
  }
}
