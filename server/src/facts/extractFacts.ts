// Walks one syntax tree once and records the facts rules need. The extractor is built in layers,
// each in its own module: values (valueReader.ts) ← creations (creationRecorder.ts) ← statements
// (bodyWalker.ts) ← declarations and the chunk cache (this file). Locals are resolved lexically,
// with branches merged conservatively; names that are not local are left for the workspace index.
import type { Node } from 'web-tree-sitter';
import type { FileFacts, FunctionFact, ParameterFact, PropertyFact, TypeKind } from './facts';
import { children, childrenWithFields, declarationModifiers, namedChildren, spanOf } from './syntax';
import { emptyDelegateFacts, extractDelegateFacts } from './delegateFacts';
import { neverResumedTasks } from './taskResumption';
import { factListNames, type ChunkCache, type ChunkFacts, type TextChange } from './chunkCache';
import { Binding, maxNesting, Scope, type Context } from './scopes';
import { BodyWalker } from './bodyWalker';

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

/** Function ids are unique within a process (rules look functions up by id across files). */
let nextFunctionId = 1;

/**
 * Gives this thread's function ids from `first` on: a worker whose facts join another thread's
 * workspace takes a range of its own.
 */
export function numberFunctionsFrom(first: number): void {
  nextFunctionId = first;
}

function emptyFileFacts(file: string): FileFacts {
  return {
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
    subjectAssignments: [],
    notableIdentifiers: [],
    hasSyntaxErrors: false,
    tooDeep: false,
  };
}

class FactExtractor extends BodyWalker {
  constructor(
    file: string,
    private readonly chunks?: ChunkCache,
    /** How the text and tree changed since the chunks were extracted (undefined: no reuse). */
    private readonly change?: TextChange,
  ) {
    super(file, emptyFileFacts(file));
  }

  run(root: Node): FileFacts {
    this.facts.hasSyntaxErrors = root.hasError;
    // Error recovery can read the same text into different trees, and tree-sitter's changed
    // ranges then miss some changes: chunks are only reused from one clean tree to the next. A
    // tree with an error is extracted whole and leaves nothing cached.
    if (root.hasError) {
      this.chunks?.clear();
      this.visitChildren(root, { inClosure: false, inLoop: false, scopes: [] });
      // Type bodies went through visitChunks: nothing of this tree may be reused.
      this.chunks?.clear();
    } else {
      this.visitChunks(root, { inClosure: false, inLoop: false, scopes: [] });
    }
    // Collected per chunk (with repeats); the rules only need to know which occur.
    this.facts.notableIdentifiers = [...new Set(this.facts.notableIdentifiers)];
    const derive = (view: FileFacts) => ({ delegate: extractDelegateFacts(root, view), neverResumedTasks: neverResumedTasks(root, view) });
    // A keystroke in one declaration of an open document redoes only that declaration's part.
    const derived = this.chunks && !root.hasError ? this.chunks.derive(this.facts, derive) : derive(this.facts);
    this.facts.delegate = derived.delegate;
    this.facts.neverResumedTasks = derived.neverResumedTasks;
    if (!root.hasError) this.chunks?.finish();
    return this.facts;
  }

  // ---- declarations -------------------------------------------------------------------------

  protected visit(node: Node, ctx: Context): void {
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

  protected visitNode(node: Node, ctx: Context): void {
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
  protected get lists(): Record<string, unknown[]> {
    return Object.fromEntries(factListNames(this.facts).map((name) => [name, (this.facts as unknown as Record<string, unknown[]>)[name]]));
  }

  /** Top-level declarations and type members: reused from the chunk cache when unchanged. */
  protected visitChunks(node: Node, ctx: Context): void {
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
        this.chunks.reuse(key, child.startIndex, child.endIndex);
        for (const name of Object.keys(cached)) lists[name].push(...cached[name]);
        continue;
      }
      const duplicate = this.chunks.has(key);
      const names = Object.keys(lists);
      const before = names.map((name) => lists[name].length);
      this.chunks.begin();
      this.visit(child, ctx);
      const produced: ChunkFacts = {};
      names.forEach((name, i) => (produced[name] = lists[name].slice(before[i])));
      this.chunks.end(key, child.startIndex, duplicate ? undefined : produced);
    }
  }

  protected visitType(node: Node, _ctx: Context): void {
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
      typeParameters: namedChildren(node)
        .filter((child) => child.type === 'type_parameters')
        .flatMap((parameters) => parameters.descendantsOfType('type_parameter'))
        .map((parameter) => parameter?.namedChild(0)?.text ?? '')
        .filter((name) => name.length > 0),
    });
    if (kind === 'protocol') return;
    const body = node.childForFieldName('body');
    if (body) this.visitChunks(body, { typeName: name, typeKind: kind, inClosure: false, inLoop: false, scopes: [] });
  }

  protected visitProperty(node: Node, ctx: Context): void {
    const modifiers = declarationModifiers(node);
    const isLocal = ctx.scopes.length > 0;
    // `let a = x, b = y` repeats name/value fields: pair each name with the value that follows it.
    let current: { nameNode: Node; declaredType?: string; declaredTypeArgument?: string; value?: Node; computed?: Node; destructured?: boolean } | undefined;
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
        const typeNode = child.childForFieldName('name') ?? child.namedChild(0);
        current.declaredType = typeNameOf(typeNode);
        current.declaredTypeArgument = firstTypeArgument(typeNode);
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
        declaredTypeArgument: declaration.declaredTypeArgument,
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
  protected visitComputed(node: Node, ctx: Context): void {
    for (const child of namedChildren(node)) {
      if (child.type === 'statements') this.visit(child, ctx);
      else if (child.type === 'computed_getter') this.visitChildren(child, ctx);
      else if (child.type === 'computed_setter' && ctx.typeName && ctx.property) {
        // `newValue` (or the setter's own name for it) is whatever the code assigns to the property.
        const scope = new Scope(false);
        const name = namedChildren(child).find((part) => part.type === 'simple_identifier')?.text ?? 'newValue';
        scope.bindings.set(name, new Binding(name, [{ kind: 'assignedTo', typeName: ctx.typeName, name: ctx.property.name }]));
        this.visitChildren(child, { ...ctx, returns: [], scopes: [...ctx.scopes, scope] });
      } else this.visitChildren(child, { ...ctx, returns: [] });
    }
  }

  protected visitFunction(node: Node, ctx: Context): void {
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

  protected readParameter(node: Node): ParameterFact {
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

/** `Protected<State>` → `State`: the first generic argument's bare name. */
function firstTypeArgument(node: Node | null): string | undefined {
  // Most declared types are plain: a text without `<` has no type arguments, and costs no tree search.
  if (!node || !node.text.includes('<')) return undefined;
  const argument = node.descendantsOfType('type_arguments')[0]?.namedChild(0);
  return argument ? typeNameOf(argument) : undefined;
}

/**
 * The facts of one file. With `chunks` (kept per open document) and how the text changed since
 * the last extraction, declarations whose structure did not change are reused.
 */
export function extractFacts(file: string, root: Node, chunks?: ChunkCache, change?: TextChange): FileFacts {
  return new FactExtractor(file, chunks, change).run(root);
}
