// Facts about URLSession delegate methods and handleEvents bodies: what happens to the
// completion handler, where `location` goes, prints, tasks started from callbacks.
// Computed from the tree once per file, after the main extraction (whose facts it may read).
import type { Node } from 'web-tree-sitter';
import type { FileFacts, FunctionFact, Span } from './facts';
import { calleeNameAndReceiver, children, fieldNameOf, namedChildren, readCall, spanOf, unwrapExpression } from './syntax';

/** The selectors of the delegate and app methods the rules look for (the one list of them). */
export const selectors = {
  handleEvents: 'application(_:handleEventsForBackgroundURLSession:completionHandler:)',
  handleEventsAsync: 'application(_:handleEventsForBackgroundURLSession:)',
  didFinishEvents: 'urlSessionDidFinishEvents(forBackgroundURLSession:)',
  didFinishDownloading: 'urlSession(_:downloadTask:didFinishDownloadingTo:)',
  didComplete: 'urlSession(_:task:didCompleteWithError:)',
  didBecomeInvalid: 'urlSession(_:didBecomeInvalidWithError:)',
  redirect: 'urlSession(_:task:willPerformHTTPRedirection:newRequest:completionHandler:)',
} as const;

/**
 * Every form of "the app handles background session events": the app delegate method, its async
 * variant, SwiftUI's `.backgroundTask(.urlSession…)` and the widget's `onBackgroundURLSessionEvents`.
 */
export type HandleEventsForm = 'appDelegate' | 'appDelegateAsync' | 'swiftUI' | 'widget';

export interface HandleEventsFact {
  form: HandleEventsForm;
  /** What names the form: the `handleEventsForBackgroundURLSession` label, or the modifier call up to its arguments. */
  span: Span;
  /** The app delegate method (both method forms). */
  functionId?: number;
  /** The forms that are given a completion handler: what the body does with it. */
  handler?: CompletionHandlerFacts;
  /** The async forms (which complete when they return): what the body awaits, nested closures left out. */
  awaits?: AwaitFact[];
}

export interface CompletionHandlerFacts {
  /** The handler's name inside the body (`completionHandler`, or the internal name / closure parameter). */
  name: string;
  nameSpan: Span;
  /** The body refers to the handler at all. */
  mentioned: boolean;
  /** `return`s (and `throw`s that leave) on a path where the handler was neither called, stored, passed on nor captured. */
  droppingExits: Span[];
  /** The body can run off its end on such a path. */
  dropsAtEnd: boolean;
  /** Synchronous calls `completionHandler()` that are not in a branch on the identifier. */
  immediateCalls: { span: Span; conditional: boolean }[];
  /** The handler is stored, passed on or captured by a closure somewhere (not only called at once). */
  deferred: boolean;
  /** Member storage it is assigned to: `backgroundCompletionHandler`, `handlers` (for `handlers[id] = …`). */
  storedIn: string[];
  /** Calls it is passed to: `manager.handleEvents(for: identifier, completion: completionHandler)`. */
  passedTo: { callee: string; label?: string; index: number }[];
}

/**
 * An `await` in an async body. `continuation`, `stream`, `call` and `other` may wait for the session's
 * events; `sessionTasks` (`await session.allTasks`), `mainActorRun` and `yield` return at once. For
 * `call` the callee's name lets the workspace look into functions it declares.
 */
export interface AwaitFact {
  span: Span;
  kind: 'continuation' | 'stream' | 'sessionTasks' | 'mainActorRun' | 'yield' | 'call' | 'other';
  callee?: string;
}

export interface AsyncFunctionAwaits {
  functionId: number;
  name: string;
  awaits: AwaitFact[];
}

/** What a function does with a `() -> Void` parameter on each path: a handler passed on to it may be dropped there. */
export interface ClosureParameterPaths {
  functionId: number;
  paramIndex: number;
  paths: CompletionHandlerFacts;
}

/** A function parameter that the function stores into a member: `self.completion = completion`. */
export interface ParameterStore {
  functionId: number;
  paramIndex: number;
  storedIn: string;
}

/** A call in `urlSessionDidFinishEvents` of something that denotes stored storage (a stored closure). */
export interface FinishEventsCall {
  functionId: number;
  /** The call, e.g. `backgroundCompletionHandler?()` or `handler()`. */
  span: Span;
  /** Storage the callee denotes, directly or through a local: `backgroundCompletionHandler`, `handlers`. */
  storage: string[];
  /** The callee is a local bound from the storage (`guard let handler = … else { return }`). */
  viaLocal: boolean;
  /** Where it runs: on the callback's own queue, inside a main-queue/main-actor hop, or in another closure. */
  context: 'direct' | 'main' | 'closure';
}

/** A use of didFinishDownloadingTo's `location` (or of a helper's URL parameter) in work that runs after the method returns. */
export interface LocationEscape {
  functionId: number;
  /** Which parameter escapes. */
  paramIndex: number;
  span: Span;
  how: 'async' | 'afterAwait' | 'stored';
}

export interface LabelSpan {
  functionId: number;
  label: string;
  span: Span;
}

export interface ImportFact {
  module: string;
  span: Span;
}

export interface DelegateFacts {
  handleEvents: HandleEventsFact[];
  asyncFunctions: AsyncFunctionAwaits[];
  parameterStores: ParameterStore[];
  finishEventsCalls: FinishEventsCall[];
  locationEscapes: LocationEscape[];
  /** The same for `URL` parameters of any other function: a helper `location` may be handed to. */
  urlParameterEscapes: LocationEscape[];
  closureParameterPaths: ClosureParameterPaths[];
  /** Task creations in didFinishDownloadingTo / didCompleteWithError that retry (resume data, the task's own request). */
  retryTaskCalls: Span[];
  /** External parameter names of `urlSession…` and `application…` methods. */
  labelSpans: LabelSpan[];
  imports: ImportFact[];
}

export function emptyDelegateFacts(): DelegateFacts {
  return {
    handleEvents: [],
    asyncFunctions: [],
    parameterStores: [],
    finishEventsCalls: [],
    locationEscapes: [],
    urlParameterEscapes: [],
    closureParameterPaths: [],
    retryTaskCalls: [],
    labelSpans: [],
    imports: [],
  };
}

export function extractDelegateFacts(root: Node, facts: FileFacts): DelegateFacts {
  const out = emptyDelegateFacts();
  for (const child of namedChildren(root)) {
    if (child.type === 'import_declaration') {
      const name = firstNamed(child, 'identifier');
      if (name) out.imports.push({ module: name.text, span: spanOf(child) });
    }
  }
  for (const fn of facts.functions) {
    // Finding a function's node costs a tree search: only the ones looked at below need it.
    const urlParams = fn.params.flatMap((param, index) => (param.type === 'URL' ? [index] : []));
    const relevant = fn.isAsync || fn.name === 'urlSession' || fn.name === 'application' || fn.name === 'urlSessionDidFinishEvents' || urlParams.length > 0;
    if (!relevant) continue;
    const node = nodeWithSpan(root, fn.span);
    const body = node?.childForFieldName('body');
    if (!node || !body) continue;
    if (fn.name === 'urlSession' || fn.name === 'application' || fn.name === 'urlSessionDidFinishEvents') {
      labelSpansOf(node, fn, out.labelSpans);
    }
    if (fn.isAsync) out.asyncFunctions.push({ functionId: fn.id, name: fn.name, awaits: collectAwaits(body) });
    if (fn.selector === selectors.handleEvents && fn.params.length === 3) {
      const handlerParam = parameterNodes(node)[2]?.childrenForFieldName('name').find((n) => n?.type === 'simple_identifier');
      if (handlerParam) {
        out.handleEvents.push({
          form: 'appDelegate',
          span: labelSpan(out.labelSpans, fn.id, 'handleEventsForBackgroundURLSession') ?? fn.nameSpan,
          functionId: fn.id,
          handler: analyzeHandler(statementsOf(body), handlerParam, fn.params[1].name),
        });
      }
    } else if (fn.selector === selectors.handleEventsAsync && fn.isAsync) {
      out.handleEvents.push({
        form: 'appDelegateAsync',
        span: labelSpan(out.labelSpans, fn.id, 'handleEventsForBackgroundURLSession') ?? fn.nameSpan,
        functionId: fn.id,
        awaits: collectAwaits(body),
      });
    } else if (fn.selector === selectors.didFinishEvents) {
      out.finishEventsCalls.push(...finishEventsCalls(body, fn));
    } else if (fn.selector === selectors.didFinishDownloading && fn.params.length === 3) {
      out.locationEscapes.push(...locationEscapes(body, fn, 2));
    } else {
      for (const index of urlParams) out.urlParameterEscapes.push(...locationEscapes(body, fn, index));
    }
  }
  for (const site of facts.callSites) {
    if (site.name !== 'backgroundTask' && site.name !== 'onBackgroundURLSessionEvents') continue;
    const node = nodeWithSpan(root, site.span, 'call_expression');
    const fact = node ? modifierForm(node) : undefined;
    if (fact) out.handleEvents.push(fact);
  }
  out.parameterStores = parameterStores(root, facts);
  out.closureParameterPaths = closureParameterPaths(root, facts);
  out.retryTaskCalls = retryTaskCalls(root, facts);
  return out;
}

// ---- small tree helpers ---------------------------------------------------------------------------

function firstNamed(node: Node, type: string): Node | undefined {
  return namedChildren(node).find((child) => child.type === type);
}

/** The node of `type` (or any type) whose span is exactly `span`. */
export function nodeWithSpan(root: Node, span: Span, type?: string): Node | undefined {
  let node: Node | null = root.descendantForIndex(span.start, Math.max(span.start, span.end - 1));
  while (node && (node.startIndex > span.start || node.endIndex < span.end)) node = node.parent;
  while (node && node.startIndex === span.start && node.endIndex === span.end) {
    if (!type || node.type === type) return node;
    node = node.parent;
  }
  return undefined;
}

function parameterNodes(fn: Node): Node[] {
  return namedChildren(fn).filter((child) => child.type === 'parameter');
}

function statementsOf(body: Node): Node | undefined {
  return body.type === 'statements' ? body : firstNamed(body, 'statements');
}

function labelSpansOf(node: Node, fn: FunctionFact, out: LabelSpan[]): void {
  for (const parameter of parameterNodes(node)) {
    const external = parameter.childForFieldName('external_name');
    if (external && external.text !== '_') out.push({ functionId: fn.id, label: external.text, span: spanOf(external) });
  }
}

function labelSpan(spans: LabelSpan[], functionId: number, label: string): Span | undefined {
  return spans.find((entry) => entry.functionId === functionId && entry.label === label)?.span;
}

/** A simple_identifier that refers to a value (not a member name after `.`, a label or a declared name). */
export function isReference(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return true;
  if (parent.type === 'navigation_suffix' || parent.type === 'value_argument_label') return false;
  if (parent.type === 'lambda_parameter' || parent.type === 'parameter' || parent.type === 'pattern') return false;
  const field = fieldOf(node);
  if (field === 'bound_identifier' || field === 'external_name') return false;
  // `[completionHandler] in` captures the outer value; `[handler = completionHandler]` declares `handler`.
  if (field === 'name') return parent.type === 'capture_list_item' && !parent.childForFieldName('value');
  return true;
}

function fieldOf(node: Node): string | null {
  return node.parent ? fieldNameOf(node.parent, node) : null;
}

function references(node: Node, name: string): Node[] {
  const found: Node[] = [];
  if (node.type === 'simple_identifier') {
    if (node.text === name && isReference(node)) found.push(node);
    return found;
  }
  for (const id of node.descendantsOfType('simple_identifier')) {
    if (id && id.text === name && isReference(id)) found.push(id);
  }
  return found;
}

function mentionsAny(node: Node, names: Iterable<string>): boolean {
  for (const name of names) if (references(node, name).length > 0) return true;
  return false;
}

/** The call a closure is given to (as a trailing closure or an argument), if any. */
export function callOfClosure(lambda: Node): Node | undefined {
  let node: Node | null = lambda.parent;
  if (node?.type === 'annotated_lambda') node = node.parent;
  if (node?.type === 'value_argument') node = node.parent?.parent ?? null;
  if (node?.type !== 'call_suffix') return undefined;
  return node.parent?.type === 'call_expression' ? node.parent : undefined;
}

export type ClosureKind = { runs: 'later' | 'now' | 'atExit' | 'unknown'; main: boolean };

/** When a closure runs, as far as the call it is given to tells: `DispatchQueue.main.async`, `Task`, `queue.sync`, `defer`. */
export function classifyClosure(lambda: Node): ClosureKind {
  const callNode = callOfClosure(lambda);
  const call = callNode ? readCall(callNode) : undefined;
  if (!call) return { runs: 'unknown', main: false };
  const { name, receiver } = calleeNameAndReceiver(call.callee);
  const method = name?.text;
  const receiverText = receiver ? receiver.text.replace(/\s+/g, '') : '';
  const onMain = receiverText === 'DispatchQueue.main' || receiverText === 'OperationQueue.main' || receiverText === '.main';
  const mainActorAttribute = namedChildren(lambda).some((child) => child.type === 'attribute' && child.text.replace(/^@/, '') === 'MainActor');
  if (call.callee.type === 'simple_identifier' && method === 'defer') return { runs: 'atExit', main: false };
  if (call.callee.type === 'simple_identifier' && method === 'Task') return { runs: 'later', main: mainActorAttribute };
  if (receiverText === 'Task' && method === 'detached') return { runs: 'later', main: mainActorAttribute };
  if (receiverText === 'MainActor' && method === 'run') return { runs: 'now', main: true };
  if (method === 'async' || method === 'asyncAfter') return { runs: 'later', main: onMain };
  if (method === 'addOperation') return { runs: 'later', main: onMain };
  if (method === 'sync' || method === 'asyncAndWait') return { runs: 'now', main: onMain };
  return { runs: 'unknown', main: false };
}

/** The closures between `node` and `root`, innermost first. */
export function enclosingClosures(node: Node, root: Node): Node[] {
  const found: Node[] = [];
  for (let current = node.parent; current && !current.equals(root); current = current.parent) {
    if (current.type === 'lambda_literal') found.push(current);
  }
  return found;
}

// ---- the completion handler on every path ---------------------------------------------------------

interface Outcome {
  /** Some path reaches the end of the block. */
  falls: boolean;
  /** Every path that reaches the end has handled the completion handler. */
  handled: boolean;
}

function join(outcomes: Outcome[]): Outcome {
  const falling = outcomes.filter((outcome) => outcome.falls);
  return { falls: falling.length > 0, handled: falling.every((outcome) => outcome.handled) };
}

const noReturnCalls = new Set(['fatalError', 'preconditionFailure', 'exit', 'abort']);

/**
 * Follows the completion handler through a handleEvents body, path by path. Any reference to it
 * (a call, an assignment, an argument, a capture) handles it on that path: only paths that never
 * touch it are reported. Branches on the identifier are remembered so that a call made at once for
 * an identifier the app does not own is not mistaken for an early call.
 */
class HandlerPaths {
  readonly result: CompletionHandlerFacts;
  private readonly identifierNames = new Set<string>();
  private readonly throwStates: boolean[][] = [];
  private readonly breakStates: { kind: 'switch' | 'loop'; states: boolean[] }[] = [];
  private conditional = 0;
  private onIdentifier = 0;

  constructor(private readonly handler: string, nameSpan: Span, identifier: string | undefined) {
    if (identifier && identifier !== '_') this.identifierNames.add(identifier);
    this.result = {
      name: handler,
      nameSpan,
      mentioned: false,
      droppingExits: [],
      dropsAtEnd: false,
      immediateCalls: [],
      deferred: false,
      storedIn: [],
      passedTo: [],
    };
  }

  run(statements: Node | undefined): CompletionHandlerFacts {
    const outcome = this.block(statements, false);
    if (outcome.falls && !outcome.handled) this.result.dropsAtEnd = true;
    return this.result;
  }

  private block(statements: Node | undefined, handled: boolean): Outcome {
    let state: Outcome = { falls: true, handled };
    if (!statements) return state;
    for (const statement of namedChildren(statements)) {
      if (statement.type === 'comment' || statement.type === 'multiline_comment') continue;
      if (!state.falls) break;
      state = this.statement(statement, state.handled);
    }
    return state;
  }

  private branch<T>(onIdentifier: boolean, body: () => T): T {
    this.conditional++;
    if (onIdentifier) this.onIdentifier++;
    try {
      return body();
    } finally {
      this.conditional--;
      if (onIdentifier) this.onIdentifier--;
    }
  }

  private statement(node: Node, handled: boolean): Outcome {
    switch (node.type) {
      case 'control_transfer_statement':
        return this.transfer(node, handled);
      case 'if_statement':
        return this.ifStatement(node, handled);
      case 'guard_statement':
        return this.guardStatement(node, handled);
      case 'switch_statement':
        return this.switchStatement(node, handled);
      case 'do_statement':
        return this.doStatement(node, handled);
      case 'for_statement':
      case 'while_statement':
      case 'repeat_while_statement':
        return this.loop(node, handled);
      default: {
        const here = this.scan(node, handled);
        const after = handled || here;
        this.noteThrowPoint(node, after);
        if (node.type === 'property_declaration' && mentionsAny(node, this.identifierNames)) {
          for (const bound of node.descendantsOfType('simple_identifier')) {
            if (bound && fieldOf(bound) === 'bound_identifier') this.identifierNames.add(bound.text);
          }
        }
        if (node.type === 'call_expression') {
          const call = readCall(node);
          if (call?.callee.type === 'simple_identifier' && noReturnCalls.has(call.callee.text)) return { falls: false, handled: true };
        }
        return { falls: true, handled: after };
      }
    }
  }

  private transfer(node: Node, handled: boolean): Outcome {
    const keyword = node.child(0)?.text ?? '';
    const after = handled || this.scan(node, handled);
    if (keyword === 'break' || keyword === 'fallthrough') {
      this.breakStates[this.breakStates.length - 1]?.states.push(after);
      return { falls: false, handled: true };
    }
    if (keyword === 'continue') return { falls: false, handled: true };
    if (keyword === 'throw' && this.throwStates.length > 0) {
      this.throwStates[this.throwStates.length - 1].push(after);
      return { falls: false, handled: true };
    }
    if (!after) this.result.droppingExits.push(spanOf(node));
    return { falls: false, handled: true };
  }

  /** Children of an if/guard before its first `{`: the conditions (and their bindings). */
  private conditionParts(node: Node): Node[] {
    const parts: Node[] = [];
    for (const child of children(node)) {
      if (child.type === '{' || child.type === 'else') break;
      if (child.isNamed) parts.push(child);
    }
    return parts;
  }

  private conditionsOnIdentifier(parts: Node[]): boolean {
    return parts.some((part) => mentionsAny(part, this.identifierNames));
  }

  private scanAll(parts: Node[], handled: boolean): boolean {
    let mentioned = false;
    for (const part of parts) mentioned = this.scan(part, handled) || mentioned;
    return mentioned;
  }

  private ifStatement(node: Node, handled: boolean): Outcome {
    const parts = this.conditionParts(node);
    const onIdentifier = this.conditionsOnIdentifier(parts);
    const start = handled || this.scanAll(parts, handled);
    this.noteThrowPoint(node, start, parts);
    let thenBlock: Node | undefined;
    let elseNode: Node | undefined;
    let seenElse = false;
    let hasElse = false;
    for (const child of children(node)) {
      if (child.type === 'else') {
        seenElse = true;
        hasElse = true;
      } else if (child.type === 'statements') {
        if (seenElse) elseNode = child;
        else thenBlock = child;
      } else if (child.type === 'if_statement' && seenElse) {
        elseNode = child;
      }
    }
    const thenOutcome = this.branch(onIdentifier, () => this.block(thenBlock, start));
    const elseOutcome = !hasElse
      ? { falls: true, handled: start }
      : this.branch(onIdentifier, () =>
          elseNode?.type === 'if_statement' ? this.statement(elseNode, start) : this.block(elseNode, start),
        );
    return join([thenOutcome, elseOutcome]);
  }

  private guardStatement(node: Node, handled: boolean): Outcome {
    const parts = this.conditionParts(node);
    const onIdentifier = this.conditionsOnIdentifier(parts);
    const start = handled || this.scanAll(parts, handled);
    this.noteThrowPoint(node, start, parts);
    const elseBlock = namedChildren(node).find((child) => child.type === 'statements');
    this.branch(onIdentifier, () => this.block(elseBlock, start));
    if (onIdentifier) {
      // `guard let session = sessions[identifier] else { … }`: the bound names stand for the identifier too.
      for (const part of parts) {
        if (fieldOf(part) === 'bound_identifier') this.identifierNames.add(part.text);
      }
    }
    return { falls: true, handled: start };
  }

  private switchStatement(node: Node, handled: boolean): Outcome {
    const subject = node.childForFieldName('expr');
    const onIdentifier = !!subject && mentionsAny(subject, this.identifierNames);
    const start = handled || (subject ? this.scan(subject, handled) : false);
    const frame = { kind: 'switch' as const, states: [] as boolean[] };
    this.breakStates.push(frame);
    const outcomes: Outcome[] = [];
    for (const entry of namedChildren(node).filter((child) => child.type === 'switch_entry')) {
      const guardClause = namedChildren(entry).filter((child) => child.type !== 'statements');
      const entryOnIdentifier = onIdentifier || this.conditionsOnIdentifier(guardClause);
      outcomes.push(this.branch(entryOnIdentifier, () => this.block(firstNamed(entry, 'statements'), start)));
    }
    this.breakStates.pop();
    if (outcomes.length === 0) return { falls: true, handled: start };
    return join([...outcomes, ...frame.states.map((state) => ({ falls: true, handled: state }))]);
  }

  private doStatement(node: Node, handled: boolean): Outcome {
    const catches = namedChildren(node).filter((child) => child.type === 'catch_block');
    const body = firstNamed(node, 'statements');
    if (catches.length === 0) return this.block(body, handled);
    this.throwStates.push([]);
    const bodyOutcome = this.block(body, handled);
    const throwPoints = this.throwStates.pop() ?? [];
    const atCatch = throwPoints.length > 0 ? throwPoints.every(Boolean) : handled;
    const outcomes = [bodyOutcome];
    for (const handler of catches) outcomes.push(this.branch(false, () => this.block(firstNamed(handler, 'statements'), atCatch)));
    return join(outcomes);
  }

  private loop(node: Node, handled: boolean): Outcome {
    const body = namedChildren(node).find((child) => child.type === 'statements');
    const header = namedChildren(node).filter((child) => child !== body);
    const start = handled || this.scanAll(header, handled);
    this.breakStates.push({ kind: 'loop', states: [] });
    const bodyOutcome = this.branch(false, () => this.block(body, start));
    this.breakStates.pop();
    const runsOnce = node.type === 'repeat_while_statement' && bodyOutcome.falls && bodyOutcome.handled;
    return { falls: true, handled: start || runsOnce };
  }

  /** A statement with `try` inside a `do` that has catches: the catch may start from here. */
  private noteThrowPoint(node: Node, handled: boolean, parts: Node[] = [node]): void {
    if (this.throwStates.length === 0) return;
    const throws = parts.some((part) =>
      [part, ...part.descendantsOfType('try_expression').filter((n): n is Node => !!n)].some(
        (candidate) =>
          candidate.type === 'try_expression' &&
          isPlainTry(candidate) &&
          enclosingClosures(candidate, part).length === 0,
      ),
    );
    if (throws) this.throwStates[this.throwStates.length - 1].push(handled);
  }

  /** Records every reference to the handler in `node`; true when there is one. A call after the handler was already kept is not "at once". */
  private scan(node: Node, handledBefore: boolean): boolean {
    const found = references(node, this.handler);
    for (const reference of found) this.classify(reference, node, handledBefore);
    if (found.length > 0) this.result.mentioned = true;
    return found.length > 0;
  }

  private classify(reference: Node, statement: Node, handledBefore: boolean): void {
    const closures = enclosingClosures(reference, statement).filter((lambda) => classifyClosure(lambda).runs !== 'atExit');
    const parent = reference.parent;
    const isCallee = parent?.type === 'call_expression' && parent.namedChild(0)?.equals(reference);
    const call = isCallee && parent ? readCall(parent) : undefined;
    if (call && call.args.length === 0 && closures.length === 0) {
      let conditional = this.conditional > 0;
      let onIdentifier = this.onIdentifier > 0;
      for (let node: Node | null = parent; node && !node.equals(statement.parent ?? statement); node = node.parent) {
        const up = node.parent;
        if (!up) break;
        if (up.type === 'ternary_expression' && !up.childForFieldName('condition')?.equals(node)) {
          conditional = true;
          const condition = up.childForFieldName('condition');
          if (condition && mentionsAny(condition, this.identifierNames)) onIdentifier = true;
        }
        if (up.type === 'conjunction_expression' || up.type === 'disjunction_expression') conditional = true;
      }
      if (!onIdentifier && !handledBefore) this.result.immediateCalls.push({ span: spanOf(parent!), conditional });
      return;
    }
    this.result.deferred = true;
    const holder = valueHolder(reference);
    if (holder?.parent?.type === 'assignment' && fieldOf(holder) === 'result') {
      const target = holder.parent.childForFieldName('target');
      const storage = target ? storageName(target.namedChild(0) ?? target) : undefined;
      if (storage && !this.result.storedIn.includes(storage)) this.result.storedIn.push(storage);
    }
    if (holder?.parent?.type === 'value_argument') {
      const argument = holder.parent;
      const callNode = argument.parent?.parent?.parent;
      const parts = callNode?.type === 'call_expression' ? readCall(callNode) : undefined;
      const index = parts?.args.findIndex((arg) => arg.node.equals(argument)) ?? -1;
      const name = parts ? calleeNameAndReceiver(parts.callee).name?.text : undefined;
      if (parts && name && index >= 0) this.result.passedTo.push({ callee: name, label: parts.args[index].label, index });
    }
  }
}

/** The outermost expression that is just `node` (parentheses, `try`, `as`). */
function valueHolder(node: Node): Node {
  let current = node;
  while (current.parent && ['parenthesized_expression', 'try_expression', 'as_expression', 'postfix_expression'].includes(current.parent.type)) {
    current = current.parent;
  }
  return current;
}

/** `self.handler`, `handler`, `appDelegate.handler`, `handlers[id]` → the member name that holds the value. */
function storageName(target: Node): string | undefined {
  const inner = unwrapExpression(target);
  if (inner.type === 'simple_identifier') return inner.text;
  if (inner.type === 'navigation_expression') return calleeNameAndReceiver(inner).name?.text;
  if (inner.type === 'call_expression' && isSubscript(inner)) {
    const callee = inner.namedChild(0);
    return callee ? storageName(callee) : undefined;
  }
  return undefined;
}

function isSubscript(call: Node): boolean {
  const suffix = call.namedChild(call.namedChildCount - 1);
  const args = suffix ? firstNamed(suffix, 'value_arguments') : undefined;
  return !!args && args.text.startsWith('[');
}

/** `try`, not `try?` or `try!` (those do not throw). */
function isPlainTry(node: Node): boolean {
  const operator = firstNamed(node, 'try_operator');
  return !!operator && operator.childCount === 1;
}

function analyzeHandler(statements: Node | undefined, handlerName: Node, identifier: string | undefined): CompletionHandlerFacts {
  return new HandlerPaths(handlerName.text, spanOf(handlerName), identifier).run(statements);
}

// ---- SwiftUI and widget forms ---------------------------------------------------------------------

function closureParameters(lambda: Node): Node[] {
  const type = lambda.childForFieldName('type');
  if (!type) return [];
  return type
    .descendantsOfType('lambda_parameter')
    .map((parameter) => parameter?.childrenForFieldName('name').find((n) => n?.type === 'simple_identifier'))
    .filter((name): name is Node => !!name);
}

function argumentsEnd(call: Node, nameNode: Node): number {
  const suffix = call.namedChild(call.namedChildCount - 1);
  const args = suffix ? firstNamed(suffix, 'value_arguments') : undefined;
  return args?.endIndex ?? nameNode.endIndex;
}

/** `.backgroundTask(.urlSession…) { … }` and `.onBackgroundURLSessionEvents { identifier, completion in … }`. */
function modifierForm(node: Node): HandleEventsFact | undefined {
  const call = readCall(node);
  if (!call) return undefined;
  const { name } = calleeNameAndReceiver(call.callee);
  if (!name) return undefined;
  const actionArgument = call.args.find((arg) => arg.label === 'action' || (arg.label === undefined && arg.value.type === 'lambda_literal'));
  const action = call.trailingClosures[0] ?? (actionArgument?.value.type === 'lambda_literal' ? actionArgument.value : undefined);
  if (!action) return undefined;
  const span = { start: name.startIndex, end: argumentsEnd(call.innerCall ?? node, name) };
  if (name.text === 'backgroundTask') {
    const task = call.args[0] ? unwrapExpression(call.args[0].value) : undefined;
    const taskName = task?.type === 'call_expression' ? calleeNameAndReceiver(readCall(task)?.callee ?? task) : task ? calleeNameAndReceiver(task) : undefined;
    if (!taskName?.implicitMember || taskName.name?.text !== 'urlSession') return undefined;
    return { form: 'swiftUI', span, awaits: collectAwaits(action) };
  }
  const params = closureParameters(action);
  if (params.length !== 2) return undefined;
  return {
    form: 'widget',
    span,
    handler: analyzeHandler(firstNamed(action, 'statements'), params[1], params[0].text),
  };
}

// ---- awaits ------------------------------------------------------------------------------------------

const continuationFunctions = new Set([
  'withCheckedContinuation',
  'withCheckedThrowingContinuation',
  'withUnsafeContinuation',
  'withUnsafeThrowingContinuation',
]);

/** The awaits of a body (a function body or an async closure), closures inside it left out. */
function collectAwaits(body: Node): AwaitFact[] {
  const awaits: AwaitFact[] = [];
  const candidates = [...body.descendantsOfType('await_expression'), ...body.descendantsOfType('for_statement')];
  for (const node of candidates) {
    if (!node || enclosingClosures(node, body).length > 0) continue;
    if (node.type === 'for_statement') {
      if (children(node).some((child) => child.type === 'await')) awaits.push({ span: spanOf(node), kind: 'stream' });
      continue;
    }
    const expr = node.childForFieldName('expr') ?? node.namedChild(0);
    awaits.push(classifyAwait(node, expr ? unwrapExpression(expr) : undefined));
  }
  return awaits.sort((a, b) => a.span.start - b.span.start);
}

function classifyAwait(node: Node, inner: Node | undefined): AwaitFact {
  const span = spanOf(node);
  if (inner?.type === 'call_expression') {
    const call = readCall(inner);
    const { name, receiver } = call ? calleeNameAndReceiver(call.callee) : { name: undefined, receiver: undefined };
    const callee = name?.text;
    if (callee && continuationFunctions.has(callee)) return { span, kind: 'continuation' };
    if (callee === 'run' && receiver?.text === 'MainActor') return { span, kind: 'mainActorRun' };
    if (callee === 'yield' && receiver?.text === 'Task') return { span, kind: 'yield' };
    return { span, kind: 'call', callee };
  }
  if (inner?.type === 'navigation_expression') {
    const member = calleeNameAndReceiver(inner).name?.text;
    if (member === 'allTasks' || member === 'tasks') return { span, kind: 'sessionTasks' };
  }
  return { span, kind: 'other' };
}

// ---- urlSessionDidFinishEvents ----------------------------------------------------------------------

const elementAccessors = new Set(['first', 'last', 'values']);
const removingMethods = new Set(['removeValue', 'removeFirst', 'removeLast', 'popFirst', 'popLast', 'remove', 'removeAll']);

/** Locals of a body with the expression they are bound from, in source order: `let x = v`, `if let x = v`, `for x in v` (element). */
function localBindings(body: Node): { name: string; value: Node; kind: 'value' | 'element' }[] {
  const bindings: { name: string; value: Node; kind: 'value' | 'element' }[] = [];
  for (const node of body.descendantsOfType(['property_declaration', 'if_statement', 'guard_statement', 'for_statement'])) {
    if (!node) continue;
    if (node.type === 'for_statement') {
      const item = node.childForFieldName('item');
      const bound = item?.type === 'pattern' ? item.childForFieldName('bound_identifier') : undefined;
      const collection = node.childForFieldName('collection');
      if (bound && collection) bindings.push({ name: bound.text, value: collection, kind: 'element' });
      continue;
    }
    let pending: string | undefined;
    for (const child of children(node)) {
      if (!child.isNamed) continue;
      const field = fieldOf(child);
      if (child.type === 'pattern') {
        pending = child.childForFieldName('bound_identifier')?.text;
      } else if (field === 'bound_identifier') {
        pending = child.text;
      } else if (pending && (field === 'value' || field === 'condition')) {
        bindings.push({ name: pending, value: child, kind: 'value' });
        pending = undefined;
      }
    }
  }
  return bindings;
}

function finishEventsCalls(body: Node, fn: FunctionFact): FinishEventsCall[] {
  const locals = new Map<string, string[]>();
  const denotes = (expr: Node | null | undefined): string[] => {
    if (!expr) return [];
    const inner = unwrapExpression(expr);
    switch (inner.type) {
      case 'simple_identifier':
        return locals.get(inner.text) ?? [inner.text];
      case 'navigation_expression': {
        const { name, receiver } = calleeNameAndReceiver(inner);
        if (!name) return [];
        return elementAccessors.has(name.text) ? denotes(receiver) : [name.text];
      }
      case 'call_expression': {
        if (isSubscript(inner)) return denotes(inner.namedChild(0));
        const call = readCall(inner);
        if (!call || call.trailingClosures.length > 0) return [];
        const { name, receiver } = calleeNameAndReceiver(call.callee);
        return name && removingMethods.has(name.text) && name.text !== 'removeAll' ? denotes(receiver) : [];
      }
      case 'nil_coalescing_expression':
        return [...denotes(inner.childForFieldName('value')), ...denotes(inner.childForFieldName('if_nil'))];
      default:
        return [];
    }
  };
  // Locals bound from storage: `let h = x.handler`, `guard let h = handlers[id]`, `for h in handlers`.
  for (const binding of localBindings(body)) {
    const storage = denotes(binding.value);
    if (binding.kind === 'element' && storage.length === 0) continue;
    locals.set(binding.name, storage);
  }
  const calls: FinishEventsCall[] = [];
  for (const node of body.descendantsOfType('call_expression')) {
    if (!node || isSubscript(node)) continue;
    const call = readCall(node);
    if (!call || call.trailingClosures.length > 0) continue;
    const callee = unwrapExpression(call.callee);
    if (!['simple_identifier', 'navigation_expression', 'call_expression'].includes(callee.type)) continue;
    const storage = denotes(callee).filter((name) => name.length > 0);
    if (storage.length === 0) continue;
    const viaLocal = callee.type === 'simple_identifier' && locals.has(callee.text);
    const closures = enclosingClosures(node, body)
      .map(classifyClosure)
      .filter((kind) => kind.runs !== 'atExit');
    const context = closures.length === 0 ? 'direct' : closures[0].main ? 'main' : 'closure';
    calls.push({ functionId: fn.id, span: spanOf(node), storage, viaLocal, context });
  }
  return calls;
}

// ---- didFinishDownloadingTo's location -----------------------------------------------------------------

function locationEscapes(body: Node, fn: FunctionFact, paramIndex: number): LocationEscape[] {
  const location = fn.params[paramIndex].name;
  if (!location || location === '_') return [];
  const locals = localNames(body);
  const firstAwait = fn.isAsync ? collectAwaits(body)[0]?.span.end : undefined;
  const escapes: LocationEscape[] = [];
  const closuresSeen = new Set<number>();
  for (const reference of references(body, location)) {
    const closures = enclosingClosures(reference, body);
    let later: Node | undefined;
    let unknown = false;
    for (const lambda of closures) {
      const kind = classifyClosure(lambda);
      if (kind.runs === 'later') later = lambda;
      else if (kind.runs === 'unknown') unknown = true;
    }
    if (later) {
      if (!closuresSeen.has(later.id)) {
        closuresSeen.add(later.id);
        escapes.push({ functionId: fn.id, paramIndex, span: spanOf(reference), how: 'async' });
      }
      continue;
    }
    if (unknown) continue;
    if (firstAwait !== undefined && reference.startIndex > firstAwait) {
      escapes.push({ functionId: fn.id, paramIndex, span: spanOf(reference), how: 'afterAwait' });
      continue;
    }
    if (isStored(reference, locals)) escapes.push({ functionId: fn.id, paramIndex, span: spanOf(reference), how: 'stored' });
  }
  return escapes;
}

/** Names declared inside a body: local constants and variables, closure parameters, bindings. */
export function localNames(body: Node): Set<string> {
  const names = new Set<string>();
  for (const id of body.descendantsOfType('simple_identifier')) {
    if (!id) continue;
    const field = fieldOf(id);
    if (field === 'bound_identifier' || id.parent?.type === 'lambda_parameter') names.add(id.text);
  }
  return names;
}

/** `self.file = location`, `pending[id] = location`, `files.append(location)` on a member. */
function isStored(reference: Node, locals: Set<string>): boolean {
  const holder = valueHolder(reference);
  const parent = holder.parent;
  if (parent?.type === 'assignment' && fieldOf(holder) === 'result') {
    const target = parent.childForFieldName('target');
    const assigned = target ? unwrapExpression(target.namedChild(0) ?? target) : undefined;
    return !!assigned && isMemberStorage(assigned, locals);
  }
  if (parent?.type === 'value_argument') {
    const callNode = parent.parent?.parent?.parent;
    const call = callNode?.type === 'call_expression' ? readCall(callNode) : undefined;
    const { name, receiver } = call ? calleeNameAndReceiver(call.callee) : { name: undefined, receiver: undefined };
    if (!name || !receiver || !['append', 'insert'].includes(name.text)) return false;
    return isMemberStorage(unwrapExpression(receiver), locals);
  }
  return false;
}

function isMemberStorage(node: Node, locals: Set<string>): boolean {
  if (node.type === 'simple_identifier') return !locals.has(node.text);
  if (node.type === 'navigation_expression') {
    const receiver = calleeNameAndReceiver(node).receiver;
    return !!receiver && (receiver.type === 'self_expression' || (receiver.type === 'simple_identifier' && !locals.has(receiver.text)));
  }
  if (node.type === 'call_expression' && isSubscript(node)) {
    const base = node.namedChild(0);
    return !!base && isMemberStorage(unwrapExpression(base), locals);
  }
  return false;
}

// ---- parameters stored by functions, retries ------------------------------------

function parameterStores(root: Node, facts: FileFacts): ParameterStore[] {
  const stores: ParameterStore[] = [];
  for (const fn of facts.functions) {
    const closureParams = fn.params.map((param, index) => ({ param, index })).filter(({ param }) => param.type === undefined || param.type.includes('->'));
    if (closureParams.length === 0 || !fn.bodySpan) continue;
    const body = nodeWithSpan(root, fn.bodySpan);
    if (!body) continue;
    for (const assignment of body.descendantsOfType('assignment')) {
      const result = assignment?.childForFieldName('result');
      const target = assignment?.childForFieldName('target');
      if (!result || !target) continue;
      const value = unwrapExpression(result);
      const entry = closureParams.find(({ param }) => value.type === 'simple_identifier' && value.text === param.name);
      if (!entry) continue;
      const storage = storageName(target.namedChild(0) ?? target);
      if (storage) stores.push({ functionId: fn.id, paramIndex: entry.index, storedIn: storage });
    }
  }
  return stores;
}

/** Paths of every `() -> Void` parameter (the shape of handleEvents' completion handler) of every function. */
function closureParameterPaths(root: Node, facts: FileFacts): ClosureParameterPaths[] {
  const found: ClosureParameterPaths[] = [];
  for (const fn of facts.functions) {
    if (fn.selector === selectors.handleEvents || !fn.bodySpan || !fn.params.some((param) => param.type === undefined)) continue;
    const node = nodeWithSpan(root, fn.span);
    const body = node?.childForFieldName('body');
    if (!node || !body) continue;
    parameterNodes(node).forEach((parameter, paramIndex) => {
      const type = parameter.childrenForFieldName('name').find((child) => child && child.type !== 'simple_identifier');
      const isHandler = type && [type, ...type.descendantsOfType('function_type')].some((fnType) => {
        if (fnType?.type !== 'function_type') return false;
        const params = fnType?.childForFieldName('params');
        return !!params && namedChildren(params).length === 0;
      });
      const name = parameter.childrenForFieldName('name').find((child) => child?.type === 'simple_identifier');
      if (isHandler && name) found.push({ functionId: fn.id, paramIndex, paths: analyzeHandler(statementsOf(body), name, undefined) });
    });
  }
  return found;
}

function retryTaskCalls(root: Node, facts: FileFacts): Span[] {
  const callbacks = facts.functions.filter((fn) => fn.selector === selectors.didFinishDownloading || fn.selector === selectors.didComplete);
  if (callbacks.length === 0) return [];
  const spans: Span[] = [];
  for (const fn of callbacks) {
    const body = fn.bodySpan ? nodeWithSpan(root, fn.bodySpan) : undefined;
    if (!body) continue;
    // The task's own request, directly or through a local: `if let request = task.originalRequest`.
    const retryNames = new Set(['originalRequest', 'currentRequest']);
    for (const binding of localBindings(body)) {
      if (mentionsAny(binding.value, retryNames) || hasMember(binding.value, retryNames)) retryNames.add(binding.name);
    }
    for (const call of facts.methodCalls) {
      if (call.functionId !== fn.id || !['downloadTask', 'uploadTask', 'dataTask'].includes(call.method)) continue;
      if (call.labels.includes('withResumeData')) {
        spans.push(call.span);
        continue;
      }
      const node = nodeWithSpan(root, call.span, 'call_expression');
      const parts = node ? readCall(node) : undefined;
      if (parts?.args.some((arg) => mentionsAny(arg.value, retryNames) || hasMember(arg.value, retryNames))) spans.push(call.span);
    }
  }
  return spans;
}

/** `x.originalRequest`: a member access by one of `names`. */
function hasMember(node: Node, names: Set<string>): boolean {
  return [node, ...node.descendantsOfType('navigation_suffix').filter((n): n is Node => !!n)].some((candidate) => {
    const suffix = candidate.type === 'navigation_suffix' ? candidate.childForFieldName('suffix') : undefined;
    return !!suffix && names.has(suffix.text);
  });
}
