// Facts of every indexed file, merged, and the evaluator that decides what a value is:
// a background configuration, a background session, an instance of a workspace type, …
// Whatever cannot be resolved is `unknown`, and unknown is never background.
import { CallGraph, argumentsToParameters, type CallResolver } from '../flow/callGraph';
import { CallPaths, onSomePath } from '../flow/callPaths';
import { bindable, bindArguments, substituteParameters, withContextualType } from '../flow/argumentBinding';
import type {
  CallSite,
  ConfigCreation,
  FileFacts,
  FunctionFact,
  MemberAssignment,
  MethodCall,
  PropertyFact,
  SessionCreation,
  Span,
  SubjectAssignment,
  TypeFact,
  ValueExpr,
} from '../facts/facts';

/** `via`: the call sites through which a background value reached a parameter or a wrapper's `self`. */
export type Value =
  | { kind: 'bgConfig'; configs: ConfigCreation[]; via?: CallSite[] }
  | { kind: 'bgSession'; sessions: SessionCreation[]; via?: CallSite[] }
  /**
 * `typeArgument`: what a generic wrapper guards (`State` of `Protected<State>`); `declaredIn`: the file
 * that names the type, which tells apart same-named nested types (`SessionManager.State`, `Task.State`).
 */
  | { kind: 'instance'; typeName: string; typeArgument?: string; declaredIn?: string }
  | { kind: 'metatype'; typeName: string }
  /** `literal`: where the string is written, when it is one literal. */
  | { kind: 'string'; value: string; literal?: { file: string; span: Span } }
  | { kind: 'number'; value: number }
  | { kind: 'random' }
  | { kind: 'queue'; main: boolean }
  | { kind: 'notBackground' }
  /** A task made by a session known not to be a background session (`URLSession.shared.dataTask(with:)`). */
  | { kind: 'notBackgroundTask' }
  | { kind: 'nil' }
  | { kind: 'unknown' };

const unknown: Value = { kind: 'unknown' };

/** A test folder or file: `Tests/`, `AppTests/`, `UploadTests.swift`. */
const testPath = /(^|[\\/])[^\\/]*Tests?([\\/]|\.swift$)/;
const testBaseClasses = new Set(['XCTestCase', 'QuickSpec', 'AsyncSpec']);
const maxDepth = 40;

type Members<T> = Map<string, Map<string, T[]>>;

function addTo<K, T>(map: Map<K, T[]>, key: K, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

function push<T>(map: Members<T>, owner: string, name: string, item: T): void {
  let byName = map.get(owner);
  if (!byName) map.set(owner, (byName = new Map()));
  addTo(byName, name, item);
}

/** Derived lookups, rebuilt whenever a file changes. */
class Lookups {
  readonly types = new Map<string, TypeFact[]>();
  /** Types by the protocols (and superclasses) they name in their inheritance clause. */
  readonly conformers = new Map<string, string[]>();
  readonly properties: Members<PropertyFact> = new Map();
  readonly functions: Members<FunctionFact> = new Map();
  readonly functionsById = new Map<number, FunctionFact>();
  readonly functionsByName = new Map<string, FunctionFact[]>();
  readonly assignments: Members<MemberAssignment> = new Map();
  readonly callSites = new Map<string, CallSite[]>();
  /** `$0.name = value` written through a wrapper's closure, by member name. */
  readonly subjectAssignments = new Map<string, SubjectAssignment[]>();
  /** Call sites and recorded method calls by the function whose body makes them. */
  readonly callSitesByFunction = new Map<number, CallSite[]>();
  readonly methodCallsByFunction = new Map<number, MethodCall[]>();

  constructor(files: Iterable<FileFacts>) {
    for (const facts of files) {
      for (const type of facts.types) {
        addTo(this.types, type.name, type);
        for (const parent of type.inherits) if (parent !== type.name) addTo(this.conformers, parent, type.name);
      }
      for (const property of facts.properties) push(this.properties, property.typeName ?? '', property.name, property);
      for (const fn of facts.functions) {
        push(this.functions, fn.typeName ?? '', fn.name, fn);
        this.functionsById.set(fn.id, fn);
        addTo(this.functionsByName, fn.name, fn);
      }
      for (const assignment of facts.memberAssignments) push(this.assignments, assignment.typeName, assignment.name, assignment);
      for (const site of facts.callSites) {
        addTo(this.callSites, site.name, site);
        if (site.functionId !== undefined) addTo(this.callSitesByFunction, site.functionId, site);
      }
      for (const call of facts.methodCalls) if (call.functionId !== undefined) addTo(this.methodCallsByFunction, call.functionId, call);
      for (const assignment of facts.subjectAssignments) addTo(this.subjectAssignments, assignment.name, assignment);
    }
  }
}

/** A member of a type (`owner`), or a bare name, that no indexed file declares. */
export interface MissingDeclaration {
  name: string;
  owner?: string;
}

/** typeChain's answers, filled as asked (kept as long as the workspace is unchanged). */
const typeChainsKey = {};

export class WorkspaceIndex implements CallResolver {
  private readonly files = new Map<string, FileFacts>();
  private lookups: Lookups | undefined;
  private flow: { graph: CallGraph; paths: CallPaths } | undefined;
  private memo = new WeakMap<object, Value>();
  /** A function's returns bound to one call's arguments (see returnsFor). */
  private boundReturns = new WeakMap<ValueExpr, Map<FunctionFact, ValueExpr[]>>();
  private readonly inProgress = new Set<object>();
  /** While set (missingDeclarations), the declarations an evaluation looked for and did not find. */
  private misses: MissingDeclaration[] | undefined;

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
    this.flow = undefined;
    this.memo = new WeakMap();
    this.boundReturns = new WeakMap();
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

  /** Calls resolved to the workspace functions they call, and back (rebuilt with the lookups). */
  get callGraph(): CallGraph {
    return this.callFlow.graph;
  }

  private get callFlow(): { graph: CallGraph; paths: CallPaths } {
    if (!this.flow) {
      const graph = new CallGraph(this);
      this.flow = { graph, paths: new CallPaths(this, graph) };
    }
    return this.flow;
  }

  /** Changes identity whenever a file changes: a key for caches derived from the whole workspace. */
  get generation(): object {
    return this.index;
  }

  functionsOf(owner: string, name: string): FunctionFact[] {
    return this.index.functions.get(owner)?.get(name) ?? [];
  }

  isTestCode(file: string, typeName: string | undefined): boolean {
    return testPath.test(file) || this.isTestType(typeName);
  }

  /** A subclass of XCTestCase (or Quick's specs), directly or through workspace superclasses. */
  isTestType(typeName: string | undefined): boolean {
    return !!typeName && this.inheritsFrom(typeName, testBaseClasses);
  }

  /** `typeName` or one of its workspace superclasses names one of `ancestors` in its inheritance clause. */
  inheritsFrom(typeName: string, ancestors: ReadonlySet<string>): boolean {
    return this.typeChain(typeName).some((name) => this.typeDeclarations(name).some((type) => type.inherits.some((parent) => ancestors.has(parent))));
  }

  /** Properties declared in a type (its extensions included) or, with owner '', globally. */
  propertiesOf(owner: string, name: string): PropertyFact[] {
    return this.index.properties.get(owner)?.get(name) ?? [];
  }

  /** The instance members a type declares (its extensions included): stored properties and methods by name. */
  instanceMemberNames(owner: string): Set<string> {
    const names = new Set<string>();
    for (const [name, properties] of this.index.properties.get(owner) ?? []) if (properties.some((property) => !property.isStatic)) names.add(name);
    for (const [name, functions] of this.index.functions.get(owner) ?? []) if (functions.some((fn) => !fn.isStatic && fn.kind === 'function')) names.add(name);
    return names;
  }

  functionsNamed(name: string): FunctionFact[] {
    return this.index.functionsByName.get(name) ?? [];
  }

  conformersOf(protocolName: string): string[] {
    return this.typeDeclarations(protocolName).some((type) => type.kind === 'protocol') ? (this.index.conformers.get(protocolName) ?? []) : [];
  }

  hasType(name: string): boolean {
    return this.index.types.has(name);
  }

  functionById(id: number | undefined): FunctionFact | undefined {
    return id === undefined ? undefined : this.index.functionsById.get(id);
  }

  /** The calls made in a function's body (closures in it included). */
  callSitesIn(functionId: number): CallSite[] {
    return this.index.callSitesByFunction.get(functionId) ?? [];
  }

  methodCallsIn(functionId: number): MethodCall[] {
    return this.index.methodCallsByFunction.get(functionId) ?? [];
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

  /**
   * The declarations evaluating `expr` looked for and did not find: `Owner.member` reads of a type
   * the workspace does not declare that member for, and calls of names nothing declares. The
   * second indexing pass parses the files that declare them (a settings struct's default, a unit
   * helper in an extension). Evaluated afresh, so that every lookup is made again and seen.
   */
  missingDeclarations(expr: ValueExpr): MissingDeclaration[] {
    const [memo, boundReturns] = [this.memo, this.boundReturns];
    this.memo = new WeakMap();
    this.boundReturns = new WeakMap();
    this.misses = [];
    try {
      this.evaluate(expr);
      return this.misses;
    } finally {
      this.misses = undefined;
      this.memo = memo;
      this.boundReturns = boundReturns;
    }
  }

  /** `name` on `owner` (a type name), or a bare `name`, was looked for and not found. */
  private missed(name: string, owner?: string): void {
    if (this.misses && (owner === undefined || /^[A-Z]/.test(owner))) this.misses.push({ name, owner });
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
        if (expr.stringValue !== undefined) return { kind: 'string', value: expr.stringValue, literal: expr.location };
        return expr.numberValue !== undefined ? { kind: 'number', value: expr.numberValue } : { kind: 'notBackground' };
      case 'arithmetic':
        return arithmetic(expr.op, this.evaluate(expr.lhs, depth), this.evaluate(expr.rhs, depth));
      case 'implicitMember':
        return unknown;
      case 'random':
        return { kind: 'random' };
      case 'self': {
        // In `extension URLSession`, `self` is the session the method is called on.
        const method = this.functionById(expr.functionId);
        if (expr.typeName === 'URLSession' && method && !method.isStatic) return this.callFlow.paths.sessionReceiver(method);
        if (!expr.typeName) return unknown;
        // In a static method `self` is the type itself.
        return method?.isStatic ? { kind: 'metatype', typeName: expr.typeName } : { kind: 'instance', typeName: expr.typeName };
      }
      case 'name':
        return this.resolveName(expr.name, expr.typeName, depth);
      case 'member': {
        const base = this.evaluate(expr.base, depth);
        if (base.kind === 'unknown' && expr.base.kind === 'name') this.missed(expr.name, expr.base.name);
        return this.member(base, expr.name, depth);
      }
      case 'call':
        return this.call(expr, depth);
      case 'param': {
        const fn = this.functionById(expr.functionId);
        return fn ? this.callFlow.paths.parameter(fn, expr.index) : unknown;
      }
      case 'union':
        return join(expr.values.map((value) => this.evaluate(value, depth)));
      case 'assignedTo': {
        const assigned = this.index.assignments.get(expr.typeName)?.get(expr.name) ?? [];
        return assigned.length > 0 ? join(assigned.map((assignment) => this.evaluate(assignment.value, depth))) : unknown;
      }
      case 'coalesce': {
        const value = this.evaluate(expr.value, depth);
        // Where the value is a background session it is not nil: the fallback is not taken.
        if (value.kind === 'bgSession' || value.kind === 'bgConfig') return value;
        // `given ?? .init(forBucket: b)`: the fallback's implicit member belongs to the value's type,
        // known from the value or, where no caller passes one (`given: T? = nil`), declared.
        const type = value.kind === 'instance' ? value.typeName : this.declaredType(expr.value);
        const ifNil = type ? withContextualType(expr.ifNil, type) : expr.ifNil;
        if (value.kind === 'nil') return this.evaluate(ifNil, depth);
        return join([value, this.evaluate(ifNil, depth)]);
      }
      case 'queue':
        return { kind: 'queue', main: expr.main };
      case 'unknown':
        return unknown;
    }
  }

  /** The type a parameter is declared with (`T?` → `T`), the only static type a value carries. */
  private declaredType(expr: ValueExpr): string | undefined {
    return expr.kind === 'param' ? this.functionById(expr.functionId)?.params[expr.index]?.type : undefined;
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
      case 'instance': {
        const found = this.memberOfType(base.typeName, name, false, depth, base.declaredIn);
        if (!found) this.missed(name, base.typeName);
        const value = found ?? unknown;
        return value.kind === 'unknown' && base.typeArgument && this.isGuardedValue(base.typeName, name)
          ? { kind: 'instance', typeName: base.typeArgument, declaredIn: base.declaredIn }
          : value;
      }
      case 'metatype': {
        const value = this.memberOfType(base.typeName, name, true, depth);
        if (!value) this.missed(name, base.typeName);
        return value ?? unknown;
      }
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
  private memberOfType(typeName: string, name: string, isStatic: boolean | undefined, depth: number, declaredIn?: string): Value | undefined {
    for (const owner of this.typeChain(typeName)) {
      const value = this.propertyValue(owner, name, isStatic, depth, owner === typeName ? declaredIn : undefined);
      if (value) return value;
    }
    return this.protocolRequirement(typeName, name, isStatic, depth);
  }

  /**
   * A property requirement read in a protocol extension: whatever the conforming types hold. Like
   * a parameter, it is a background session when one conforming type's is (that type's path).
   */
  private protocolRequirement(typeName: string, name: string, isStatic: boolean | undefined, depth: number): Value | undefined {
    if (depth > maxDepth) return undefined;
    const arriving: { value: Value }[] = [];
    for (const conformer of this.conformersOf(typeName)) {
      const value = this.memberOfType(conformer, name, isStatic, depth + 1);
      if (value) arriving.push({ value });
    }
    return arriving.length > 0 ? onSomePath(arriving) : undefined;
  }

  /** The type and its superclasses known to the workspace, nearest first (kept per change: every member read asks). */
  typeChain(typeName: string): readonly string[] {
    const chains = this.derived(typeChainsKey, () => new Map<string, readonly string[]>());
    let chain = chains.get(typeName);
    if (!chain) chains.set(typeName, (chain = this.findTypeChain(typeName)));
    return chain;
  }

  private findTypeChain(typeName: string): string[] {
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

  private propertyValue(owner: string, name: string, isStatic: boolean | undefined, depth: number, declaredIn?: string): Value | undefined {
    // Same-named types in several files (nested `State`s): the one of the file that named it.
    const inFile = (file: string) => !declaredIn || !this.declaredInSeveralFiles(owner) || file === declaredIn;
    const declared = (this.index.properties.get(owner)?.get(name) ?? []).filter(
      (property) => (isStatic === undefined || property.isStatic === isStatic) && inFile(property.file),
    );
    if (declared.length === 0) return undefined;
    const values: Value[] = [];
    for (const property of declared) {
      if (property.initializer) values.push(this.evaluate(property.initializer, depth));
      for (const returned of property.getterReturns) values.push(this.evaluate(returned, depth));
    }
    const assignments = this.index.assignments.get(owner)?.get(name) ?? [];
    const byInitializer = new Map<number, Value[]>();
    for (const assignment of assignments) {
      const value = this.evaluate(assignment.value, depth);
      const fn = this.functionById(assignment.functionId);
      if (fn?.kind === 'init') addTo(byInitializer, fn.id, value);
      else values.push(value);
    }
    // `state.write { $0.session = s }` where `state` guards a value of this type.
    for (const written of this.index.subjectAssignments.get(name) ?? []) {
      if (!inFile(written.file)) continue;
      const subject = this.evaluate(written.receiver, depth);
      if (subject.kind === 'instance' && subject.typeArgument === owner) values.push(this.evaluate(written.value, depth));
    }
    // Each initializer builds its own instances: a background session stored by one of them is
    // what those instances hold, whatever another initializer stores (as for a parameter's paths).
    if (byInitializer.size > 0) values.push(onSomePath([...byInitializer.values()].map((stored) => ({ value: join(stored) }))));
    if (values.length === 0 && owner && this.isMemberwiseStruct(owner) && declared.some((property) => !property.isStatic && !property.isComputed)) {
      values.push(this.callFlow.paths.memberwiseArgument(owner, name));
    }
    const joined = values.length > 0 ? join(values) : unknown;
    const typeArgument = declared.find((property) => property.declaredTypeArgument)?.declaredTypeArgument;
    if (typeArgument && joined.kind === 'instance' && declared.some((property) => property.declaredType === joined.typeName)) {
      return { ...joined, typeArgument, declaredIn: declared[0].file };
    }
    if (joined.kind === 'unknown' || joined.kind === 'nil') {
      // A declared workspace type still tells what the property holds: `let store: DownloadStore`.
      const declaredType = declared.find((property) => property.declaredType)?.declaredType;
      if (declaredType && this.index.types.has(declaredType)) return { kind: 'instance', typeName: declaredType, typeArgument, declaredIn: declared[0].file };
    }
    return joined;
  }

  private declaredInSeveralFiles(typeName: string): boolean {
    const files = new Set(this.typeDeclarations(typeName).filter((type) => type.kind !== 'extension').map((type) => type.file));
    return files.size > 1;
  }

  /** The generic parameters of a type: `T` of `Protected<T>`. */
  private typeParameters(typeName: string): Set<string> {
    return new Set(this.typeDeclarations(typeName).flatMap((type) => type.typeParameters));
  }

  /** `wrappedValue: T` of `Protected<T>`: the member holds the value the wrapper guards. */
  private isGuardedValue(typeName: string, name: string): boolean {
    const parameters = this.typeParameters(typeName);
    return parameters.size > 0 && this.propertiesOf(typeName, name).some((property) => !!property.declaredType && parameters.has(property.declaredType));
  }

  /** `Protected(State())`: an instance, and for a generic wrapper the type of the value it is given. */
  private newInstance(typeName: string, call: Extract<ValueExpr, { kind: 'call' }>, depth: number): Value {
    const parameters = this.typeParameters(typeName);
    if (parameters.size === 0) return { kind: 'instance', typeName };
    for (const init of this.functionsOf(typeName, 'init')) {
      const filled = argumentsToParameters(init.params, call.labels, Infinity);
      const argument = filled?.findIndex((index) => parameters.has(init.params[index].type ?? ''));
      if (argument === undefined || argument < 0) continue;
      const given = this.evaluate(call.args[argument], depth);
      if (given.kind === 'instance') return { kind: 'instance', typeName, typeArgument: given.typeName, declaredIn: given.declaredIn };
    }
    return { kind: 'instance', typeName };
  }

  /** A struct that declares no initializer: Swift gives it a memberwise one. */
  private isMemberwiseStruct(typeName: string): boolean {
    const declarations = this.index.types.get(typeName) ?? [];
    return declarations.some((type) => type.kind === 'struct') && this.functionsOf(typeName, 'init').length === 0;
  }

  private call(expr: Extract<ValueExpr, { kind: 'call' }>, depth: number): Value {
    const callee = expr.callee;
    // `TimeInterval(minutes * 60)`: a conversion keeps the number.
    if (callee.kind === 'name' && numberTypes.has(callee.name) && expr.args.length === 1) {
      const value = this.evaluate(expr.args[0], depth);
      return value.kind === 'number' ? value : unknown;
    }
    // `.minutes(50)`: a unit helper declared on a number type.
    if (callee.kind === 'implicitMember') {
      for (const owner of numberTypes) {
        const value = this.functionResult(owner, callee.name, expr, depth);
        if (value) return value;
      }
      return unknown;
    }
    if (callee.kind === 'name') {
      if (callee.typeName) {
        for (const owner of this.typeChain(callee.typeName)) {
          const value = this.functionResult(owner, callee.name, expr, depth);
          if (value) return value;
        }
      }
      const global = this.functionResult('', callee.name, expr, depth);
      if (global) return global;
      if (this.index.types.has(callee.name)) return this.newInstance(callee.name, expr, depth);
      this.missed(callee.name);
      return unknown;
    }
    if (callee.kind === 'member') {
      const base = this.evaluate(callee.base, depth);
      if (base.kind === 'random') return base;
      if (base.kind === 'notBackground' && taskMethods.has(callee.name)) return { kind: 'notBackgroundTask' };
      if (base.kind === 'instance' || base.kind === 'metatype') {
        if (base.kind === 'metatype' && callee.name === 'init') return { kind: 'instance', typeName: base.typeName };
        for (const owner of this.typeChain(base.typeName)) {
          const value = this.functionResult(owner, callee.name, expr, depth);
          if (value) return value;
        }
        this.missed(callee.name, base.typeName);
      } else if (base.kind === 'unknown' && callee.base.kind === 'name') {
        // `TimeInterval.minutes(50)` where no file read so far extends TimeInterval.
        this.missed(callee.name, callee.base.name);
      }
    }
    return unknown;
  }

  /**
   * What `fn` returns for this call, its parameters bound to the call's arguments. Kept per call
   * expression, so that evaluating the same call again finds its memo instead of new expressions.
   */
  private returnsFor(fn: FunctionFact, call: Extract<ValueExpr, { kind: 'call' }>): ValueExpr[] {
    if (!fn.returns.some((returned) => bindable(returned, fn.id))) return fn.returns;
    let byFunction = this.boundReturns.get(call);
    if (!byFunction) this.boundReturns.set(call, (byFunction = new Map()));
    let returns = byFunction.get(fn);
    if (!returns) {
      const bound = bindArguments(fn, call.labels, call.args);
      returns = bound ? fn.returns.map((returned) => (bindable(returned, fn.id) ? substituteParameters(returned, fn.id, bound) : returned)) : fn.returns;
      byFunction.set(fn, returns);
    }
    return returns;
  }

  private functionResult(owner: string, name: string, call: Extract<ValueExpr, { kind: 'call' }>, depth: number): Value | undefined {
    const candidates = this.index.functions.get(owner)?.get(name);
    if (!candidates || candidates.length === 0) return undefined;
    const matching = candidates.filter((fn) => argumentsToParameters(fn.params, call.labels, Infinity) !== undefined);
    const chosen = matching.length > 0 ? matching : candidates;
    const values = chosen.flatMap((fn) => this.returnsFor(fn, call).map((returned) => this.evaluate(returned, depth)));
    return values.length > 0 ? join(values) : unknown;
  }
}

/** The value of a union: agreed when every branch agrees (nil ignored), otherwise unknown. */
export function join(values: Value[]): Value {
  const present = values.filter((value) => value.kind !== 'nil');
  if (present.length === 0) return values.length > 0 ? { kind: 'nil' } : unknown;
  // Random on one path and unknown or known on another (`stored ?? UUID().uuidString`) is not random.
  if (present.some((value) => value.kind === 'random')) return present.every((value) => value.kind === 'random') ? { kind: 'random' } : unknown;
  const first = present[0];
  switch (first.kind) {
    case 'bgSession': {
      if (!present.every((value) => value.kind === 'bgSession')) return unknown;
      const sessions = new Set(present.flatMap((value) => (value.kind === 'bgSession' ? value.sessions : [])));
      return withVia({ kind: 'bgSession', sessions: [...sessions] }, present);
    }
    case 'bgConfig': {
      if (!present.every((value) => value.kind === 'bgConfig')) return unknown;
      const configs = new Set(present.flatMap((value) => (value.kind === 'bgConfig' ? value.configs : [])));
      return withVia({ kind: 'bgConfig', configs: [...configs] }, present);
    }
    case 'instance':
    case 'metatype':
      return present.every((value) => value.kind === first.kind && value.typeName === first.typeName) ? first : unknown;
    case 'string':
      return present.every((value) => value.kind === 'string' && value.value === first.value) ? first : unknown;
    case 'number':
      return present.every((value) => value.kind === 'number' && value.value === first.value) ? first : unknown;
    case 'notBackground':
    case 'notBackgroundTask':
      return present.every((value) => value.kind === first.kind) ? first : unknown;
    case 'queue':
      return present.every((value) => value.kind === 'queue' && value.main === first.main) ? first : unknown;
    default:
      return unknown;
  }
}

/** URLSession methods that make a task. */
const taskMethods = new Set(['dataTask', 'downloadTask', 'uploadTask', 'streamTask', 'webSocketTask']);

/** The number types whose conversions and static unit helpers keep a value known. */
const numberTypes = new Set(['TimeInterval', 'Double', 'Float', 'Int', 'CGFloat']);

/** Numbers are computed, strings joined with `+`, and a random part makes the whole random. */
function arithmetic(op: '+' | '-' | '*' | '/', lhs: Value, rhs: Value): Value {
  if (lhs.kind === 'random' || rhs.kind === 'random') return { kind: 'random' };
  if (lhs.kind === 'string' && rhs.kind === 'string' && op === '+') return { kind: 'string', value: lhs.value + rhs.value };
  if (lhs.kind !== 'number' || rhs.kind !== 'number') return unknown;
  switch (op) {
    case '+':
      return { kind: 'number', value: lhs.value + rhs.value };
    case '-':
      return { kind: 'number', value: lhs.value - rhs.value };
    case '*':
      return { kind: 'number', value: lhs.value * rhs.value };
    case '/':
      return rhs.value === 0 ? unknown : { kind: 'number', value: lhs.value / rhs.value };
  }
}

function withVia<T extends Extract<Value, { kind: 'bgSession' | 'bgConfig' }>>(value: T, parts: Value[]): T {
  const via = new Set(parts.flatMap((part) => ('via' in part && part.via ? part.via : [])));
  return via.size > 0 ? { ...value, via: [...via] } : value;
}
