// Walks one syntax tree once and records the facts rules need. Local variables are resolved here
// (lexically, with branches merged conservatively); names that are not local are left for the
// workspace index to resolve across files.
import type { Node } from 'web-tree-sitter';
import type {
  CallSite,
  ConfigCreation,
  CreationContext,
  FileFacts,
  FunctionFact,
  IdentifierInfo,
  ParameterFact,
  PropertyFact,
  SessionCreation,
  TypeKind,
  ValueExpr,
} from './facts';
import {
  calleeNameAndReceiver,
  children,
  childrenWithFields,
  declarationModifiers,
  firstNamedOfType,
  hasInterpolation,
  isExpressionNode,
  namedChildren,
  plainStringValue,
  readCall,
  spanOf,
  unwrapExpression,
  type CallParts,
} from './syntax';
import { emptyDelegateFacts, extractDelegateFacts } from './delegateFacts';
import { neverResumedTasks } from './taskResumption';
import { factListNames, relocate, type ChunkCache, type ChunkFacts, type TextChange } from './chunkCache';

/** Methods whose calls are recorded with their receiver (tasks, invalidation, session APIs). */
export const trackedMethods = new Set([
  'dataTask', 'downloadTask', 'uploadTask', 'webSocketTask', 'streamTask',
  'data', 'download', 'upload', 'bytes',
  'invalidateAndCancel', 'finishTasksAndInvalidate', 'getTasksWithCompletionHandler', 'getAllTasks',
  'resume', 'cancel',
]);

/** Properties whose assignments are recorded (configuration, request and task settings). */
export const trackedProperties = new Set([
  'isDiscretionary', 'sharedContainerIdentifier', 'sessionSendsLaunchEvents', 'timeoutIntervalForResource',
  'timeoutIntervalForRequest', 'protocolClasses', 'shouldUseExtendedBackgroundIdleMode', 'httpBody',
  'httpBodyStream', 'allowsCellularAccess', 'waitsForConnectivity', 'earliestBeginDate',
]);

/** Identifiers whose mere presence some rules need to know about. */
export const notableIdentifiers = new Set(['becomeDownload', 'didBecomeInvalidWithError', 'onBackgroundURLSessionEvents', 'Alamofire', 'Moya']);

/**
 * Node types that never hold a fact (types, imports, modifiers, plain literals): their subtrees
 * are not walked, which saves reading thousands of nodes per file.
 */
const factFreeNodes = new Set([
  'import_declaration',
  'comment',
  'multiline_comment',
  'modifiers',
  'type_annotation',
  'user_type',
  'array_type',
  'dictionary_type',
  'optional_type',
  'function_type',
  'tuple_type',
  'type_arguments',
  'type_parameters',
  'type_constraints',
  'inheritance_specifier',
  'integer_literal',
  'real_literal',
  'boolean_literal',
  'typealias_declaration',
  'operator_declaration',
  'precedence_group_declaration',
]);

/** Syntax nested deeper than this is generated code, not something anyone wrote by hand. */
const maxNesting = 300;

let nextFunctionId = 1;

class Binding {
  current: ValueExpr[];
  readonly creations: CreationContext[] = [];
  constructor(readonly name: string, initial: ValueExpr[]) {
    this.current = initial;
  }
}

class Scope {
  readonly bindings = new Map<string, Binding>();
  /** Values of outer bindings before this (maybe-executed) branch changed them. */
  readonly saved = new Map<Binding, ValueExpr[]>();
  constructor(readonly isBranch: boolean) {}
}

interface Context {
  typeName?: string;
  typeKind?: TypeKind;
  property?: CreationContext['property'];
  functionId?: number;
  /** Where `return` values go: the function, getter or closure being walked. */
  returns?: ValueExpr[];
  inClosure: boolean;
  inLoop: boolean;
  scopes: Scope[];
}

export function union(values: ValueExpr[]): ValueExpr {
  const flat: ValueExpr[] = [];
  for (const value of values) {
    if (value.kind === 'union') flat.push(...value.values);
    else if (!flat.includes(value)) flat.push(value);
  }
  if (flat.length === 0) return { kind: 'unknown' };
  return flat.length === 1 ? flat[0] : { kind: 'union', values: flat };
}

const randomCallees = new Set(['UUID', 'Date', 'arc4random', 'arc4random_uniform', 'random', 'randomElement']);
const bundleMarkers = ['bundleIdentifier', 'bundleURL', 'Bundle.main', 'Bundle(for', 'Bundle.module'];

class FactExtractor {
  readonly facts: FileFacts;

  constructor(
    private readonly file: string,
    private readonly chunks?: ChunkCache,
    /** How the text and tree changed since the chunks were extracted (undefined: no reuse). */
    private readonly change?: TextChange,
  ) {
    this.facts = {
      file,
      delegate: emptyDelegateFacts(),
      types: [],
      properties: [],
      functions: [],
      configCreations: [],
      sessionCreations: [],
      methodCalls: [],
      callSites: [],
      propertySets: [],
      memberAssignments: [],
      alamofireSessions: [],
      neverResumedTasks: [],
      notableIdentifiers: [],
      hasSyntaxErrors: false,
      tooDeep: false,
    };
  }

  run(root: Node): FileFacts {
    this.facts.hasSyntaxErrors = root.hasError;
    // Error recovery can read the same text into different trees, and tree-sitter's changed
    // ranges then miss some changes: chunks are only reused from one clean tree to the next. A
    // tree with an error is extracted whole and leaves nothing cached.
    if (root.hasError) {
      this.chunks?.clear();
      this.visitChildren(root, { inClosure: false, inLoop: false, scopes: [] });
    } else {
      this.visitChunks(root, { inClosure: false, inLoop: false, scopes: [] });
      this.chunks?.finish();
    }
    // Collected per chunk (with repeats); the rules only need to know which occur.
    this.facts.notableIdentifiers = [...new Set(this.facts.notableIdentifiers)];
    this.facts.delegate = extractDelegateFacts(root, this.facts);
    this.facts.neverResumedTasks = neverResumedTasks(root, this.facts);
    return this.facts;
  }

  // ---- declarations -------------------------------------------------------------------------

  /** How deep the walk is: generated code can nest thousands of levels, past the call stack. */
  private depth = 0;

  private visit(node: Node, ctx: Context): void {
    if (this.depth >= maxNesting) {
      this.facts.tooDeep = true;
      return;
    }
    this.depth++;
    try {
      this.visitNode(node, ctx);
    } finally {
      this.depth--;
    }
  }

  private visitNode(node: Node, ctx: Context): void {
    switch (node.type) {
      case 'class_declaration':
      case 'protocol_declaration':
        return this.visitType(node, ctx);
      case 'property_declaration':
        return this.visitProperty(node, ctx);
      case 'function_declaration':
      case 'init_declaration':
      case 'deinit_declaration':
        return this.visitFunction(node, ctx);
      case 'lambda_literal':
        return this.visitClosure(node, ctx);
      case 'if_statement':
        return this.visitIf(node, ctx);
      case 'guard_statement':
        return this.visitGuard(node, ctx);
      case 'for_statement':
      case 'while_statement':
      case 'repeat_while_statement':
        return this.visitLoop(node, ctx);
      case 'switch_entry':
      case 'catch_block':
        return this.inBranch(ctx, (inner) => this.visitChildren(node, inner));
      case 'statements':
        return this.inBranch(ctx, (inner) => this.visitStatements(node, inner), node.parent?.type === 'do_statement');
      case 'assignment':
        return this.visitAssignment(node, ctx);
      case 'control_transfer_statement':
        return this.visitReturn(node, ctx);
      case 'call_expression':
        return this.visitCall(node, ctx);
      case 'simple_identifier':
        if (notableIdentifiers.has(node.text)) this.facts.notableIdentifiers.push(node.text);
        return;
      default:
        if (factFreeNodes.has(node.type)) return;
        return this.visitChildren(node, ctx);
    }
  }

  /** The list-valued facts by name, for the chunk cache. */
  private get lists(): Record<string, unknown[]> {
    return Object.fromEntries(factListNames(this.facts).map((name) => [name, (this.facts as unknown as Record<string, unknown[]>)[name]]));
  }

  /** Top-level declarations and type members: reused from the chunk cache when unchanged. */
  private visitChunks(node: Node, ctx: Context): void {
    const lists = this.lists;
    for (const child of namedChildren(node)) {
      // A chunk with a syntax error is not reused: the same text can recover into another tree.
      if (!this.chunks || child.hasError || child.type === 'comment' || child.type === 'multiline_comment') {
        this.visit(child, ctx);
        continue;
      }
      const key = `${ctx.typeName ?? ''}|${ctx.typeKind ?? ''}|${child.type}|${child.text}`;
      // The same text can parse into another tree after error recovery elsewhere: reuse only the
      // very chunk the last extraction saw, where tree-sitter says its structure did not change.
      // A second chunk with the same text is extracted afresh (its function ids differ).
      const cached = this.chunks.get(key, child.startIndex, child.endIndex, this.change);
      if (cached) {
        this.chunks.reuse(key, child.startIndex);
        const moved = relocate(cached, child.startIndex);
        for (const name of Object.keys(moved)) lists[name].push(...moved[name]);
        continue;
      }
      const duplicate = this.chunks.has(key);
      const names = Object.keys(lists);
      const before = names.map((name) => lists[name].length);
      this.chunks.begin();
      this.visit(child, ctx);
      const produced: ChunkFacts = {};
      names.forEach((name, i) => (produced[name] = lists[name].slice(before[i])));
      this.chunks.end(key, child.startIndex, duplicate ? undefined : relocate(produced, -child.startIndex));
    }
  }

  private visitChildren(node: Node, ctx: Context): void {
    for (const child of namedChildren(node)) this.visit(child, ctx);
  }

  /** A lone expression in a getter, function or closure body is its implicit return value. */
  private visitStatements(node: Node, ctx: Context): void {
    const statements = namedChildren(node).filter((child) => child.type !== 'comment' && child.type !== 'multiline_comment');
    if (ctx.returns && statements.length === 1 && isExpressionNode(statements[0]) && this.isBodyOf(node)) {
      ctx.returns.push(this.expr(statements[0], ctx));
    }
    for (const child of statements) this.visit(child, ctx);
  }

  private isBodyOf(statements: Node): boolean {
    const parent = statements.parent;
    return !!parent && ['function_body', 'computed_property', 'computed_getter', 'lambda_literal'].includes(parent.type);
  }

  private visitType(node: Node, _ctx: Context): void {
    const kindText = node.childForFieldName('declaration_kind')?.text ?? (node.type === 'protocol_declaration' ? 'protocol' : 'class');
    const kind = (['class', 'struct', 'enum', 'actor', 'extension', 'protocol'].includes(kindText) ? kindText : 'class') as TypeKind;
    const nameNode = node.childForFieldName('name');
    if (!nameNode) return;
    const name = lastComponent(nameNode.text);
    const inherits = namedChildren(node)
      .filter((child) => child.type === 'inheritance_specifier')
      .map((child) => lastComponent(child.text.split('<')[0].trim()));
    this.facts.types.push({
      name,
      kind,
      file: this.file,
      span: spanOf(node),
      nameSpan: spanOf(nameNode),
      inherits,
      attributes: declarationModifiers(node).attributes,
      isPublic: declarationModifiers(node).isPublic,
    });
    if (kind === 'protocol') return;
    const body = node.childForFieldName('body');
    if (body) this.visitChunks(body, { typeName: name, typeKind: kind, inClosure: false, inLoop: false, scopes: [] });
  }

  private visitProperty(node: Node, ctx: Context): void {
    const modifiers = declarationModifiers(node);
    const isLocal = ctx.scopes.length > 0;
    // `let a = x, b = y` repeats name/value fields: pair each name with the value that follows it.
    let current: { nameNode: Node; declaredType?: string; value?: Node; computed?: Node; destructured?: boolean } | undefined;
    const declarations: NonNullable<typeof current>[] = [];
    for (const { child, field } of childrenWithFields(node)) {
      if (field === 'name' && child.type === 'pattern') {
        const bound = child.childForFieldName('bound_identifier') ?? child.namedChild(0);
        if (!bound || bound.type !== 'simple_identifier') {
          // A tuple or other pattern: no binding is tracked, but its value is still walked.
          current = { nameNode: child, destructured: true };
          declarations.push(current);
          continue;
        }
        current = { nameNode: bound };
        declarations.push(current);
      } else if (current && child.type === 'type_annotation') {
        current.declaredType = typeNameOf(child.childForFieldName('name') ?? child.namedChild(0));
      } else if (current && field === 'value') {
        current.value = child;
      } else if (current && field === 'computed_value') {
        current.computed = child;
      }
    }
    for (const declaration of declarations) {
      if (declaration.destructured) {
        if (declaration.value) this.visit(declaration.value, ctx);
        continue;
      }
      const name = declaration.nameNode.text;
      const propertyContext = { name, isStatic: modifiers.isStatic, isLazy: modifiers.isLazy, isComputed: !!declaration.computed };
      if (isLocal) {
        const initial = declaration.value ? [this.expr(declaration.value, ctx)] : [];
        const binding = new Binding(name, initial);
        ctx.scopes[ctx.scopes.length - 1].bindings.set(name, binding);
        this.noteCreationsHeldBy(binding, initial);
        if (declaration.value) this.visit(declaration.value, ctx);
        if (declaration.computed) this.visit(declaration.computed, ctx);
        continue;
      }
      const memberCtx: Context = { ...ctx, property: propertyContext, scopes: [new Scope(false)], returns: undefined };
      const fact: PropertyFact = {
        name,
        typeName: ctx.typeName,
        file: this.file,
        span: spanOf(node),
        nameSpan: spanOf(declaration.nameNode),
        isStatic: modifiers.isStatic,
        isLazy: modifiers.isLazy,
        isComputed: !!declaration.computed,
        declaredType: declaration.declaredType,
        getterReturns: [],
      };
      if (declaration.value) {
        fact.initializer = this.expr(declaration.value, memberCtx);
        this.visit(declaration.value, memberCtx);
      }
      if (declaration.computed) this.visitComputed(declaration.computed, { ...memberCtx, returns: fact.getterReturns });
      this.facts.properties.push(fact);
    }
  }

  /** A computed property: the getter's returns; setters and observers are walked for facts only. */
  private visitComputed(node: Node, ctx: Context): void {
    const getter = firstNamedOfType(node, 'computed_getter');
    for (const child of namedChildren(node)) {
      if (child.type === 'statements') this.visit(child, ctx);
      else if (child === getter) this.visitChildren(child, ctx);
      else this.visitChildren(child, { ...ctx, returns: [] });
    }
  }

  private visitFunction(node: Node, ctx: Context): void {
    const modifiers = declarationModifiers(node);
    const kind = node.type === 'init_declaration' ? 'init' : node.type === 'deinit_declaration' ? 'deinit' : 'function';
    const nameNode =
      kind === 'function'
        ? node.childrenForFieldName('name').find((child) => child?.type === 'simple_identifier')
        : children(node).find((child) => child.type === 'init' || child.type === 'deinit');
    const name = kind === 'function' ? nameNode?.text : kind;
    if (!name) return this.visitChildren(node, ctx);
    const fact: FunctionFact = {
      id: nextFunctionId++,
      name,
      selector: name,
      typeName: ctx.typeName,
      file: this.file,
      span: spanOf(node),
      nameSpan: nameNode ? spanOf(nameNode) : { start: node.startIndex, end: node.startIndex + name.length },
      params: [],
      isStatic: modifiers.isStatic,
      isAsync: children(node).some((child) => child.type === 'async'),
      kind,
      returns: [],
      attributes: modifiers.attributes,
    };
    const scope = new Scope(false);
    const bodyCtx: Context = {
      typeName: ctx.typeName,
      typeKind: ctx.typeKind,
      functionId: fact.id,
      returns: fact.returns,
      inClosure: false,
      inLoop: false,
      scopes: [...ctx.scopes, scope],
    };
    for (const { child, field } of childrenWithFields(node)) {
      if (child.type === 'parameter') {
        const param = this.readParameter(child);
        const index = fact.params.length;
        fact.params.push(param);
        scope.bindings.set(param.name, new Binding(param.name, [{ kind: 'param', functionId: fact.id, index }]));
      } else if (field === 'default_value' && fact.params.length > 0) {
        // `timeout: TimeInterval = 300`: the default follows its parameter in the declaration.
        fact.params[fact.params.length - 1].defaultValue = this.expr(child, bodyCtx);
      }
    }
    fact.selector = `${name}(${fact.params.map((param) => `${param.externalName ?? param.name}:`).join('')})`;
    this.facts.functions.push(fact);
    const body = node.childForFieldName('body');
    if (body) {
      fact.bodySpan = spanOf(body);
      this.visitChildren(body, bodyCtx);
    }
  }

  private readParameter(node: Node): ParameterFact {
    const external = node.childForFieldName('external_name');
    const names = node.childrenForFieldName('name').filter((child): child is Node => !!child);
    const nameNode = names.find((child) => child.type === 'simple_identifier');
    const typeNode = names.find((child) => child.type !== 'simple_identifier');
    return {
      externalName: external?.text,
      name: nameNode?.text ?? '_',
      type: typeNode ? typeNameOf(typeNode) : undefined,
    };
  }

  private visitClosure(node: Node, ctx: Context): void {
    this.walkClosure(node, ctx, []);
  }

  /** Closures already walked (an immediately-invoked closure is walked while reading its value). */
  private readonly walkedClosures = new Set<number>();

  private walkClosure(node: Node, ctx: Context, returns: ValueExpr[]): void {
    if (this.walkedClosures.has(node.id)) return;
    this.walkedClosures.add(node.id);
    const scope = new Scope(true);
    const type = node.childForFieldName('type');
    if (type) {
      for (const parameter of type.descendantsOfType('lambda_parameter')) {
        const name = parameter?.childForFieldName('name')?.text;
        if (name) scope.bindings.set(name, new Binding(name, [{ kind: 'unknown' }]));
      }
    }
    const inner: Context = { ...ctx, returns, inClosure: true, scopes: [...ctx.scopes, scope] };
    for (const child of namedChildren(node)) {
      if (child.type === 'statements') this.visitStatements(child, inner);
      else if (child !== type) this.visit(child, inner);
    }
    this.mergeBranch(scope);
  }

  // ---- control flow ---------------------------------------------------------------------------

  /** Runs `body` in a scope whose changes to outer locals may or may not happen. */
  private inBranch(ctx: Context, body: (inner: Context) => void, definite = false): void {
    const scope = new Scope(!definite);
    body({ ...ctx, scopes: [...ctx.scopes, scope] });
    if (!definite) this.mergeBranch(scope);
  }

  private mergeBranch(scope: Scope): void {
    for (const [binding, before] of scope.saved) binding.current = [...before, ...binding.current];
  }

  private visitIf(node: Node, ctx: Context): void {
    // Conditions (with their `let` bindings) belong to the first block only.
    const scope = new Scope(true);
    const inner: Context = { ...ctx, scopes: [...ctx.scopes, scope] };
    let sawBlock = false;
    for (const { child, field } of childrenWithFields(node)) {
      if (!sawBlock && field === 'condition') {
        this.readConditionBinding(node, child, inner, scope);
        if (child.isNamed && child.type !== 'value_binding_pattern') this.visit(child, inner);
      } else if (child.type === 'statements') {
        if (!sawBlock) this.visitStatements(child, inner);
        else this.inBranch(ctx, (branch) => this.visitStatements(child, branch));
        sawBlock = true;
      } else if (child.type === 'if_statement') {
        this.inBranch(ctx, (branch) => this.visitIf(child, branch));
      } else if (child.isNamed && child.type !== 'bound_identifier' && child.type !== 'value_binding_pattern') {
        this.visit(child, inner);
      }
    }
    this.mergeBranch(scope);
  }

  private visitGuard(node: Node, ctx: Context): void {
    const scope = ctx.scopes[ctx.scopes.length - 1];
    for (const { child, field } of childrenWithFields(node)) {
      if (field === 'condition') {
        if (scope) this.readConditionBinding(node, child, ctx, scope);
        if (child.isNamed && child.type !== 'value_binding_pattern') this.visit(child, ctx);
      } else if (child.type === 'statements') {
        this.inBranch(ctx, (branch) => this.visitStatements(child, branch));
      }
    }
  }

  /** `if let x = value` / `guard let x = value`: bound_identifier then the value after `=`. */
  private readConditionBinding(parent: Node, child: Node, ctx: Context, scope: Scope): void {
    if (child.type !== 'value_binding_pattern' && child.type !== '=') return;
    if (child.type === '=') {
      // `if let x = v` names a bound_identifier; `guard let x = v` a plain simple_identifier (0.7.1).
      const bound = previousNamedOfType(parent, child, 'bound_identifier') ?? previousNamedOfType(parent, child, 'simple_identifier');
      const value = child.nextNamedSibling;
      if (bound && value) {
        const initial = [this.expr(value, ctx)];
        const binding = new Binding(bound.text, initial);
        scope.bindings.set(bound.text, binding);
        this.noteCreationsHeldBy(binding, initial);
      }
    }
  }

  private visitLoop(node: Node, ctx: Context): void {
    const scope = new Scope(true);
    const inner: Context = { ...ctx, inLoop: true, scopes: [...ctx.scopes, scope] };
    const item = node.childForFieldName('item');
    if (item) for (const id of item.descendantsOfType('simple_identifier')) if (id) scope.bindings.set(id.text, new Binding(id.text, [{ kind: 'unknown' }]));
    for (const child of namedChildren(node)) {
      if (child === item) continue;
      if (child.type === 'statements') this.visitStatements(child, inner);
      else this.visit(child, inner);
    }
    this.mergeBranch(scope);
  }

  private visitReturn(node: Node, ctx: Context): void {
    const result = node.childForFieldName('result');
    if (result && ctx.returns && node.child(0)?.type === 'return') {
      const value = this.expr(result, ctx);
      ctx.returns.push(value);
    }
    this.visitChildren(node, ctx);
  }

  // ---- assignments ------------------------------------------------------------------------------

  private visitAssignment(node: Node, ctx: Context): void {
    const target = node.childForFieldName('target');
    const result = node.childForFieldName('result');
    const operator = node.childForFieldName('operator')?.text;
    if (!target || !result) return this.visitChildren(node, ctx);
    const assigned = target.namedChild(0) ?? target;
    const value = operator === '=' ? this.expr(result, { ...ctx }) : ({ kind: 'unknown' } as ValueExpr);

    if (assigned.type === 'simple_identifier') {
      const binding = this.lookup(assigned.text, ctx);
      if (binding) {
        this.assignLocal(binding, value, ctx);
      } else if (ctx.typeName) {
        this.facts.memberAssignments.push({ typeName: ctx.typeName, name: assigned.text, value });
        this.markStored(result, ctx);
      }
    } else if (assigned.type === 'navigation_expression') {
      const { name, receiver } = calleeNameAndReceiver(assigned);
      if (name && receiver) {
        if (receiver.type === 'self_expression' && ctx.typeName) {
          this.facts.memberAssignments.push({ typeName: ctx.typeName, name: name.text, value });
        }
        if (trackedProperties.has(name.text)) {
          this.facts.propertySets.push({
            file: this.file,
            span: spanOf(node),
            propertySpan: { start: name.startIndex, end: result.endIndex },
            valueSpan: spanOf(result),
            receiver: this.expr(receiver, ctx),
            receiverText: receiver.text,
            property: name.text,
            valueText: result.text,
            value,
            functionId: ctx.functionId,
          });
        }
      }
      this.markStored(result, ctx);
    } else {
      // Subscripts and other targets: `cache[id] = session` keeps the value.
      this.markStored(result, ctx);
    }
    this.visit(result, ctx);
    if (assigned.type !== 'simple_identifier') this.visit(assigned, ctx);
  }

  private assignLocal(binding: Binding, value: ValueExpr, ctx: Context): void {
    for (let i = ctx.scopes.length - 1; i >= 0; i--) {
      const scope = ctx.scopes[i];
      if (scope.bindings.get(binding.name) === binding) break;
      if (scope.isBranch && !scope.saved.has(binding)) scope.saved.set(binding, binding.current);
    }
    binding.current = [value];
    this.noteCreationsHeldBy(binding, [value]);
  }

  /** Remembers which creations a local holds, so storing the local later marks them stored. */
  private noteCreationsHeldBy(binding: Binding, values: ValueExpr[]): void {
    for (const value of values) {
      if (value.kind === 'newSession') binding.creations.push(value.session.context);
      if (value.kind === 'bgConfig') binding.creations.push(value.config.context);
    }
  }

  /** The value of `node` is kept beyond this call (assigned to a member, a subscript, a collection). */
  private markStored(node: Node, ctx: Context): void {
    const inner = unwrapExpression(node);
    if (inner.type === 'simple_identifier') {
      const binding = this.lookup(inner.text, ctx);
      if (binding) for (const creation of binding.creations) creation.stored = true;
    }
    const sessions = this.lastCreationsAt(inner);
    for (const creation of sessions) creation.stored = true;
  }

  private lastCreationsAt(node: Node): CreationContext[] {
    const found: CreationContext[] = [];
    for (const session of this.facts.sessionCreations) {
      if (session.span.start === node.startIndex && session.span.end === node.endIndex) found.push(session.context);
    }
    return found;
  }

  // ---- calls ---------------------------------------------------------------------------------

  private visitCall(node: Node, ctx: Context): void {
    const call = readCall(node);
    if (!call) return this.visitChildren(node, ctx);
    const { name, receiver } = calleeNameAndReceiver(call.callee);
    const labels = call.args.map((arg) => arg.label);
    if (name) {
      this.facts.callSites.push({
        file: this.file,
        span: spanOf(node),
        name: name.text,
        isBare: call.callee.type === 'simple_identifier',
        isImplicitMember: call.callee.type === 'prefix_expression' && !receiver,
        labels,
        argumentTexts: call.args.map((arg) => arg.value.text),
        argumentValues: call.args.map((arg) => this.expr(arg.value, ctx)),
        receiver: receiver ? this.expr(receiver, ctx) : undefined,
        typeName: ctx.typeName,
        trailingClosures: call.trailingClosures.length,
        functionId: ctx.functionId,
        property: ctx.property,
        inLoop: ctx.inLoop,
      } satisfies CallSite);
      // Inside `extension URLSession`, a bare `dataTask(with:)` is called on `self`: the session the wrapper is called on.
      const onSelfSession = !receiver && call.callee.type === 'simple_identifier' && ctx.typeName === 'URLSession' && ctx.typeKind === 'extension';
      if ((receiver || onSelfSession) && trackedMethods.has(name.text)) {
        this.facts.methodCalls.push({
          file: this.file,
          span: spanOf(node),
          nameSpan: spanOf(name),
          callSpan: { start: name.startIndex, end: argumentsEnd(call) ?? name.endIndex },
          method: name.text,
          receiver: receiver ? this.expr(receiver, ctx) : { kind: 'self', typeName: ctx.typeName, functionId: ctx.functionId },
          receiverText: receiver ? receiver.text : 'self',
          labels,
          hasCompletionHandler: call.trailingClosures.length > 0 || labels.includes('completionHandler'),
          isAwaited: isAwaited(node),
          functionId: ctx.functionId,
          inLoop: ctx.inLoop,
          args: call.args.map((arg) => ({ label: arg.label, value: this.expr(arg.value, ctx), text: arg.value.text, span: spanOf(arg.value) })),
        });
      }
      this.recordAlamofireSession(call, name, receiver, ctx);
      if ((name.text === 'append' || name.text === 'insert') && receiver) {
        for (const arg of call.args) this.markStored(arg.value, ctx);
      }
    }
    // Creations are recorded by expr(); make sure a bare creation statement is recorded too.
    if (!this.recordedCalls.has(node.startIndex + ':' + node.endIndex)) this.creationOf(call, ctx);
    this.visit(call.callee, ctx);
    for (const arg of call.args) this.visit(arg.value, ctx);
    for (const closure of call.trailingClosures) this.visit(closure, ctx);
  }

  /** `Session(configuration:…)` / `Alamofire.Session(session:…)`: recorded, but never a background session. */
  private recordAlamofireSession(call: CallParts, name: Node, receiver: Node | undefined, ctx: Context): void {
    const isSession =
      // Moya's `Session` is a typealias of Alamofire's.
      (name.text === 'Session' && (!receiver || receiver.text === 'Alamofire' || receiver.text === 'Moya')) ||
      (name.text === 'init' && receiver?.text === 'Session');
    const first = call.args[0];
    if (!isSession || !first || (first.label !== 'configuration' && first.label !== 'session')) return;
    this.facts.alamofireSessions.push({
      file: this.file,
      span: spanOf(call.node),
      label: first.label,
      argument: this.expr(first.value, ctx),
      argumentSpan: spanOf(first.value),
      functionId: ctx.functionId,
    });
  }

  private readonly recordedCalls = new Map<string, ValueExpr>();

  /** Recognizes background configurations and sessions; recorded once per call node. */
  private creationOf(call: CallParts, ctx: Context): ValueExpr | undefined {
    const key = call.node.startIndex + ':' + call.node.endIndex;
    const known = this.recordedCalls.get(key);
    if (known) return known;
    const value = this.recognizeCreation(call, ctx);
    if (value) this.recordedCalls.set(key, value);
    return value;
  }

  private recognizeCreation(call: CallParts, ctx: Context): ValueExpr | undefined {
    const { name, receiver, implicitMember } = calleeNameAndReceiver(call.callee);
    if (!name) return undefined;
    const onConfigurationType = implicitMember || receiver?.text === 'URLSessionConfiguration';
    const firstLabel = call.args[0]?.label;
    if (onConfigurationType && name.text === 'background' && firstLabel === 'withIdentifier' && call.args.length === 1) {
      return { kind: 'bgConfig', config: this.configCreation(call, name, false, ctx) };
    }
    if (onConfigurationType && name.text === 'backgroundSessionConfiguration' && call.args.length === 1 && firstLabel === undefined) {
      return { kind: 'bgConfig', config: this.configCreation(call, name, true, ctx) };
    }
    const isSessionInit =
      (call.callee.type === 'simple_identifier' && name.text === 'URLSession') ||
      (name.text === 'URLSession' && receiver?.text === 'Foundation') ||
      (name.text === 'init' && (receiver?.text === 'URLSession' || receiver?.text === 'Foundation.URLSession'));
    if (isSessionInit && firstLabel === 'configuration') {
      const delegateArg = call.args.find((arg) => arg.label === 'delegate');
      const queueArg = call.args.find((arg) => arg.label === 'delegateQueue');
      const session: SessionCreation = {
        file: this.file,
        span: spanOf(call.node),
        configuration: this.configurationArgument(call.args[0].value, ctx),
        hasDelegate: !!delegateArg && unwrapExpression(delegateArg.value).text !== 'nil',
        delegate: delegateArg ? this.expr(delegateArg.value, ctx) : undefined,
        delegateQueue: queueArg ? this.expr(queueArg.value, ctx) : undefined,
        context: this.creationContext(call.node, ctx),
      };
      this.facts.sessionCreations.push(session);
      return { kind: 'newSession', session };
    }
    return undefined;
  }

  /** `configuration: .uploads` names a static member of URLSessionConfiguration (an app's extension). */
  private configurationArgument(node: Node, ctx: Context): ValueExpr {
    const { name, implicitMember } = calleeNameAndReceiver(unwrapExpression(node));
    if (implicitMember && name && name.text !== 'default' && name.text !== 'ephemeral' && node.type === 'prefix_expression') {
      return { kind: 'member', base: { kind: 'name', name: 'URLSessionConfiguration' }, name: name.text };
    }
    return this.expr(node, ctx);
  }

  private configCreation(call: CallParts, name: Node, deprecated: boolean, ctx: Context): ConfigCreation {
    const config: ConfigCreation = {
      file: this.file,
      span: spanOf(call.node),
      nameSpan: spanOf(name),
      deprecated,
      identifier: this.identifierInfo(call.args[0].value, ctx),
      context: this.creationContext(call.node, ctx),
    };
    this.facts.configCreations.push(config);
    return config;
  }

  private identifierInfo(node: Node, ctx: Context): IdentifierInfo {
    const value = unwrapExpression(node);
    const literal = plainStringValue(value);
    if (literal !== undefined) return { kind: 'literal', value: literal, span: spanOf(value) };
    if ((value.type === 'line_string_literal' || value.type === 'multi_line_string_literal') && hasInterpolation(value)) {
      const text = value.text;
      return {
        kind: 'interpolated',
        text,
        span: spanOf(value),
        bundleBased: bundleMarkers.some((marker) => text.includes(marker)),
        random: containsRandomCall(value),
      };
    }
    // `prefix + UUID().uuidString` parses as a call of the whole sum in tree-sitter-swift 0.7.1, so
    // randomness is read from the names inside, as for interpolations.
    // A choice (`stored ?? UUID().uuidString`) is random only when every branch is: evaluated below.
    const isChoice = value.type === 'nil_coalescing_expression' || value.type === 'ternary_expression';
    if (!isChoice && containsRandomCall(value)) return { kind: 'expression', text: value.text, span: spanOf(value), value: { kind: 'random' } };
    return { kind: 'expression', text: value.text, span: spanOf(value), value: this.expr(value, ctx) };
  }

  private creationContext(node: Node, ctx: Context): CreationContext {
    return {
      typeName: ctx.typeName,
      typeKind: ctx.typeKind,
      property: ctx.property,
      functionId: ctx.functionId,
      inClosure: ctx.inClosure,
      inLoop: ctx.inLoop,
      stored: isDirectlyStored(node, ctx),
    };
  }

  // ---- expressions -----------------------------------------------------------------------------

  private lookup(name: string, ctx: Context): Binding | undefined {
    for (let i = ctx.scopes.length - 1; i >= 0; i--) {
      const binding = ctx.scopes[i].bindings.get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  /** The value an expression denotes, as far as one file can tell. */
  expr(node: Node, ctx: Context): ValueExpr {
    if (this.depth >= maxNesting) {
      this.facts.tooDeep = true;
      return { kind: 'unknown' };
    }
    this.depth++;
    try {
      return this.exprOf(node, ctx);
    } finally {
      this.depth--;
    }
  }

  /** `lhs op rhs`: string literals are joined at once, the rest is left to the evaluator. */
  private arithmetic(node: Node, ctx: Context): ValueExpr {
    const lhs = node.childForFieldName('lhs');
    const rhs = node.childForFieldName('rhs');
    const op = node.childForFieldName('op')?.text;
    if (!lhs || !rhs || !op || !arithmeticOperators.has(op)) return { kind: 'unknown' };
    const left = this.expr(lhs, ctx);
    const right = this.expr(rhs, ctx);
    if (op === '+' && left.kind === 'literal' && right.kind === 'literal' && left.stringValue !== undefined && right.stringValue !== undefined) {
      return { kind: 'literal', text: node.text, stringValue: left.stringValue + right.stringValue };
    }
    return { kind: 'arithmetic', op: op as '+' | '-' | '*' | '/', lhs: left, rhs: right };
  }

  private exprOf(node: Node, ctx: Context): ValueExpr {
    const inner = unwrapExpression(node);
    switch (inner.type) {
      case 'simple_identifier': {
        const binding = this.lookup(inner.text, ctx);
        if (binding) return union(binding.current);
        // `Self.x` inside a type: the enclosing type's static member.
        if (inner.text === 'Self' && ctx.typeName) return { kind: 'name', name: ctx.typeName };
        return { kind: 'name', name: inner.text, typeName: ctx.typeName };
      }
      case 'self_expression':
        return { kind: 'self', typeName: ctx.typeName, functionId: ctx.functionId };
      case 'nil':
        return { kind: 'nil' };
      case 'navigation_expression': {
        const { name, receiver } = calleeNameAndReceiver(inner);
        if (!name || !receiver) return { kind: 'unknown' };
        if (receiver.text === 'URLSession' && name.text === 'shared') return { kind: 'notBackground' };
        if ((receiver.text === 'OperationQueue' || receiver.text === 'DispatchQueue') && name.text === 'main') return { kind: 'queue', main: true };
        if (name.text === 'globallyUniqueString') return { kind: 'random' };
        if (receiver.text === 'URLSessionConfiguration' && (name.text === 'default' || name.text === 'ephemeral')) return { kind: 'otherConfig' };
        return { kind: 'member', base: this.expr(receiver, ctx), name: name.text };
      }
      case 'prefix_expression': {
        const { name, implicitMember } = calleeNameAndReceiver(inner);
        if (implicitMember && name && (name.text === 'default' || name.text === 'ephemeral')) return { kind: 'otherConfig' };
        if (implicitMember && name?.text === 'main') return { kind: 'queue', main: true };
        if (implicitMember && name) return { kind: 'implicitMember', name: name.text };
        const operand = inner.childForFieldName('target');
        // `-5`: a negative number.
        if (operand && inner.childForFieldName('operation')?.text === '-') {
          return { kind: 'arithmetic', op: '-', lhs: { kind: 'literal', text: '0', numberValue: 0 }, rhs: this.expr(operand, ctx) };
        }
        return { kind: 'unknown' };
      }
      case 'call_expression': {
        const call = readCall(inner);
        if (!call) return { kind: 'unknown' };
        const created = this.creationOf(call, ctx);
        if (created) return created;
        const { name } = calleeNameAndReceiver(call.callee);
        if (name && randomCallees.has(name.text)) return { kind: 'random' };
        // `prefix + UUID().uuidString` reads as a call of the whole sum (tree-sitter-swift 0.7.1).
        if (call.callee.type === 'additive_expression' && containsRandomCall(inner)) return { kind: 'random' };
        if (name?.text === 'OperationQueue' && call.callee.type === 'simple_identifier') return { kind: 'queue', main: false };
        if (call.callee.type === 'lambda_literal') {
          // An immediately-invoked closure: `let x: T = { …; return value }()`.
          const returns: ValueExpr[] = [];
          this.walkClosure(call.callee, ctx, returns);
          return union(returns);
        }
        return {
          kind: 'call',
          callee: this.expr(call.callee, ctx),
          labels: call.args.map((arg) => arg.label),
          args: call.args.map((arg) => this.expr(arg.value, ctx)),
          span: spanOf(inner),
        };
      }
      case 'additive_expression': {
        if (containsRandomCall(inner)) return { kind: 'random' };
        return this.arithmetic(inner, ctx);
      }
      case 'multiplicative_expression':
        return this.arithmetic(inner, ctx);
      case 'ternary_expression': {
        const values = ['if_true', 'if_false'].map((field) => inner.childForFieldName(field)).filter((n): n is Node => !!n);
        return union(values.map((value) => this.expr(value, ctx)));
      }
      case 'nil_coalescing_expression': {
        const value = inner.childForFieldName('value');
        const ifNil = inner.childForFieldName('if_nil');
        if (!value || !ifNil) return { kind: 'unknown' };
        return { kind: 'coalesce', value: this.expr(value, ctx), ifNil: this.expr(ifNil, ctx) };
      }
      case 'line_string_literal':
      case 'multi_line_string_literal':
        // `"upload-\(UUID())"` in a local or constant is as random as the call it interpolates.
        if (hasInterpolation(inner) && containsRandomCall(inner)) return { kind: 'random' };
        return { kind: 'literal', text: inner.text, stringValue: plainStringValue(inner) };
      case 'integer_literal':
      case 'real_literal': {
        const value = Number(inner.text.replace(/_/g, ''));
        return { kind: 'literal', text: inner.text, numberValue: Number.isFinite(value) ? value : undefined };
      }
      case 'boolean_literal':
        return { kind: 'literal', text: inner.text };
      default:
        return { kind: 'unknown' };
    }
  }
}

const arithmeticOperators = new Set(['+', '-', '*', '/']);

/** Names a random source (`UUID`, `Date`, `arc4random`, `random`, …) somewhere inside. */
function containsRandomCall(node: Node): boolean {
  return node.descendantsOfType('simple_identifier').some((id) => !!id && (randomCallees.has(id.text) || id.text === 'globallyUniqueString'));
}

function argumentsEnd(call: CallParts): number | undefined {
  const suffix = (call.innerCall ?? call.node).namedChild((call.innerCall ?? call.node).namedChildCount - 1);
  const args = suffix ? firstNamedOfType(suffix, 'value_arguments') : undefined;
  return args?.endIndex;
}

function isAwaited(node: Node): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'await_expression') return true;
    if (!['try_expression', 'parenthesized_expression', 'call_expression', 'postfix_expression'].includes(parent.type)) return false;
  }
  return false;
}

/** A creation that is the direct value of a stored member or of an assignment to one. */
function isDirectlyStored(node: Node, ctx: Context): boolean {
  let current = node;
  let parent = node.parent;
  while (parent && ['try_expression', 'await_expression', 'parenthesized_expression', 'postfix_expression', 'as_expression'].includes(parent.type)) {
    current = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (parent.type === 'property_declaration') return ctx.scopes.length === 0 || !!ctx.property;
  if (parent.type === 'assignment' && parent.childForFieldName('result')?.equals(current)) {
    const target = parent.childForFieldName('target')?.namedChild(0);
    return !!target && target.type !== 'simple_identifier';
  }
  return false;
}

function previousNamedOfType(parent: Node, before: Node, type: string): Node | undefined {
  let found: Node | undefined;
  for (const child of children(parent)) {
    if (child.equals(before)) return found;
    if (child.type === type) found = child;
  }
  return found;
}

function lastComponent(text: string): string {
  const parts = text.split('.');
  return parts[parts.length - 1].trim();
}

/** `URLSession?`, `URLSession!`, `[URLSession]` → the bare type name (arrays and dictionaries → undefined). */
function typeNameOf(node: Node | null): string | undefined {
  if (!node) return undefined;
  const text = node.text.replace(/[?!]+$/, '').trim();
  if (text.startsWith('[') || text.includes('->')) return undefined;
  return lastComponent(text.split('<')[0]);
}

/**
 * The facts of one file. With `chunks` (kept per open document) and how the text changed since
 * the last extraction, declarations whose structure did not change are reused.
 */
export function extractFacts(file: string, root: Node, chunks?: ChunkCache, change?: TextChange): FileFacts {
  return new FactExtractor(file, chunks, change).run(root);
}
