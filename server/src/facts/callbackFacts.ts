// What delegate callbacks and helpers do with what they are given: stored handlers called in
// urlSessionDidFinishEvents, `location` used after the callback returns, handler parameters stored
// or dropped, tasks that retry.
import type { Node } from 'web-tree-sitter';
import type { FileFacts, FunctionFact, Span } from './facts';
import type { ClosureParameterPaths, FinishEventsCall, LocationEscape, ParameterStore } from './delegateFacts';
import { selectors } from './selectors';
import { calleeNameAndReceiver, namedChildren, readCall, spanOf, unwrapExpression } from './syntax';
import { classifyClosure, enclosingClosures, isSubscript, localBindings, localNames, mentionsAny, nodeWithSpan, parameterNodes, references, statementsOf, storageName, valueHolder, fieldOf } from './references';
import { analyzeHandler } from './handlerPaths';
import { collectAwaits } from './handleEventsForms';

const elementAccessors = new Set(['first', 'last', 'values']);
const removingMethods = new Set(['removeValue', 'removeFirst', 'removeLast', 'popFirst', 'popLast', 'remove', 'removeAll']);

export function finishEventsCalls(body: Node, fn: FunctionFact): FinishEventsCall[] {
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

export function locationEscapes(body: Node, fn: FunctionFact, paramIndex: number): LocationEscape[] {
  const location = fn.params[paramIndex].name;
  if (!location || location === '_') return [];
  // Read only for a reference stored into a bare name (`file = location`): a walk of the whole body.
  let locals: Set<string> | undefined;
  const localsOfBody = () => (locals ??= localNames(body));
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
    if (isStored(reference, localsOfBody)) escapes.push({ functionId: fn.id, paramIndex, span: spanOf(reference), how: 'stored' });
  }
  return escapes;
}

/** `self.file = location`, `pending[id] = location`, `files.append(location)` on a member. */
function isStored(reference: Node, locals: () => Set<string>): boolean {
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

function isMemberStorage(node: Node, locals: () => Set<string>): boolean {
  if (node.type === 'simple_identifier') return !locals().has(node.text);
  if (node.type === 'navigation_expression') {
    const receiver = calleeNameAndReceiver(node).receiver;
    return !!receiver && (receiver.type === 'self_expression' || (receiver.type === 'simple_identifier' && !locals().has(receiver.text)));
  }
  if (node.type === 'call_expression' && isSubscript(node)) {
    const base = node.namedChild(0);
    return !!base && isMemberStorage(unwrapExpression(base), locals);
  }
  return false;
}

// ---- parameters stored by functions, retries ------------------------------------

export function parameterStores(root: Node, facts: FileFacts): ParameterStore[] {
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
      if (storage) stores.push({ functionId: fn.id, paramIndex: entry.index, storedIn: storage, onlyStores: storesOnly(body, fn) });
    }
  }
  return stores;
}

/** Calls that run their closure on a queue or under a lock, and do nothing else. */
const executorMethods = new Set(['async', 'sync', 'asyncAndWait', 'withLock', 'perform', 'performAndWait']);

/**
 * Every statement of the body assigns one of the function's parameters to something: a setter.
 * A store made on a queue or under a lock (`queue.async { self.handler = handler }`) is one too.
 */
function storesOnly(body: Node, fn: FunctionFact): boolean {
  const statements = namedChildren(statementsOf(body) ?? body).filter((node) => node.type !== 'comment' && node.type !== 'multiline_comment');
  const params = new Set(fn.params.map((param) => param.name));
  return statements.every((statement) => {
    if (statement.type === 'call_expression') {
      const call = readCall(statement);
      const method = call ? calleeNameAndReceiver(call.callee).name?.text : undefined;
      const closure = call?.trailingClosures.length === 1 && call.args.length === 0 ? call.trailingClosures[0] : undefined;
      return !!closure && !!method && executorMethods.has(method) && storesOnly(closure, fn);
    }
    const result = statement.type === 'assignment' ? statement.childForFieldName('result') : undefined;
    const value = result ? unwrapExpression(result) : undefined;
    return value?.type === 'simple_identifier' && params.has(value.text);
  });
}

/** Paths of every `() -> Void` parameter (the shape of handleEvents' completion handler) of every function. */
export function closureParameterPaths(root: Node, facts: FileFacts): ClosureParameterPaths[] {
  const found: ClosureParameterPaths[] = [];
  for (const fn of facts.functions) {
    if (fn.selector === selectors.handleEvents || !fn.bodySpan || !fn.params.some((param) => param.type === undefined)) continue;
    const node = nodeWithSpan(root, fn.span);
    const body = node?.childForFieldName('body');
    if (!node || !body) continue;
    // A helper given the identifier too (`register(handler, forSession: identifier)`) may branch on it.
    const stringParameters = fn.params.filter((param) => param.type === 'String').map((param) => param.name);
    parameterNodes(node).forEach((parameter, paramIndex) => {
      const type = parameter.childrenForFieldName('name').find((child) => child && child.type !== 'simple_identifier');
      const isHandler = type && [type, ...type.descendantsOfType('function_type')].some((fnType) => {
        if (fnType?.type !== 'function_type') return false;
        const params = fnType?.childForFieldName('params');
        return !!params && namedChildren(params).length === 0;
      });
      const name = parameter.childrenForFieldName('name').find((child) => child?.type === 'simple_identifier');
      if (isHandler && name) found.push({ functionId: fn.id, paramIndex, paths: analyzeHandler(statementsOf(body), name, stringParameters) });
    });
  }
  return found;
}

export function retryTaskCalls(root: Node, facts: FileFacts): Span[] {
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
