// Questions about a function body's tree that several fact analyses ask: where a name is
// referenced, when a closure runs, which locals a body declares, where an assigned value is kept.
import type { Node } from 'web-tree-sitter';
import type { Span } from './facts';
import { calleeNameAndReceiver, children, fieldNameOf, firstNamedOfType, namedChildren, readCall, unwrapExpression } from './syntax';

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

export function parameterNodes(fn: Node): Node[] {
  return namedChildren(fn).filter((child) => child.type === 'parameter');
}

export function statementsOf(body: Node): Node | undefined {
  return body.type === 'statements' ? body : firstNamedOfType(body, 'statements');
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

export function fieldOf(node: Node): string | null {
  return node.parent ? fieldNameOf(node.parent, node) : null;
}

export function references(node: Node, name: string): Node[] {
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

export function mentionsAny(node: Node, names: Iterable<string>): boolean {
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

/** `task`: the closure is a `Task { … }` or `Task.detached { … }` (it runs on the main actor only when marked `@MainActor`). */
export type ClosureKind = { runs: 'later' | 'now' | 'atExit' | 'unknown'; main: boolean; task?: boolean };

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
  if (call.callee.type === 'simple_identifier' && method === 'Task') return { runs: 'later', main: mainActorAttribute, task: true };
  if (receiverText === 'Task' && method === 'detached') return { runs: 'later', main: mainActorAttribute, task: true };
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

/** The outermost expression that is just `node` (parentheses, `try`, `as`). */
export function valueHolder(node: Node): Node {
  let current = node;
  while (current.parent && ['parenthesized_expression', 'try_expression', 'as_expression', 'postfix_expression'].includes(current.parent.type)) {
    current = current.parent;
  }
  return current;
}

/** `self.handler`, `handler`, `appDelegate.handler`, `handlers[id]` → the member name that holds the value. */
export function storageName(target: Node): string | undefined {
  const inner = unwrapExpression(target);
  if (inner.type === 'simple_identifier') return inner.text;
  if (inner.type === 'navigation_expression') return calleeNameAndReceiver(inner).name?.text;
  if (inner.type === 'call_expression' && isSubscript(inner)) {
    const callee = inner.namedChild(0);
    return callee ? storageName(callee) : undefined;
  }
  return undefined;
}

export function isSubscript(call: Node): boolean {
  const suffix = call.namedChild(call.namedChildCount - 1);
  const args = suffix ? firstNamedOfType(suffix, 'value_arguments') : undefined;
  return !!args && args.text.startsWith('[');
}

/** `try`, not `try?` or `try!` (those do not throw). */
export function isPlainTry(node: Node): boolean {
  const operator = firstNamedOfType(node, 'try_operator');
  return !!operator && operator.childCount === 1;
}
/** Locals of a body with the expression they are bound from, in source order: `let x = v`, `if let x = v`, `for x in v` (element). */
export function localBindings(body: Node): { name: string; value: Node; kind: 'value' | 'element' }[] {
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
