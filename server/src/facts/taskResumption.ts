// Tasks that are never resumed: a task transfers nothing until `resume()`. Tests make tasks only
// to hand them to delegate methods; rules whose harm comes when a task runs skip those.
import type { Node } from 'web-tree-sitter';
import { isReference, nodeWithSpan } from './references';
import type { FileFacts, Span } from './facts';
import { calleeNameAndReceiver, readCall, unwrapExpression } from './syntax';

const taskMethods = new Set(['dataTask', 'downloadTask', 'uploadTask', 'webSocketTask', 'streamTask']);

/** Wrappers that leave the value as it is. */
const transparent = new Set(['parenthesized_expression', 'try_expression', 'as_expression', 'postfix_expression']);

/** The task-creating calls of the file (their spans) whose task surely never runs. */
export function neverResumedTasks(root: Node, facts: FileFacts): Span[] {
  const found: Span[] = [];
  for (const call of facts.methodCalls) {
    if (!taskMethods.has(call.method) || call.isAwaited) continue;
    const node = nodeWithSpan(root, call.span, 'call_expression');
    if (node && neverResumed(node)) found.push(call.span);
  }
  return found;
}

/**
 * The value is dropped (`_ = …`, an unused statement), or kept in a local whose every use only looks
 * at it or hands it to a delegate method (`urlSession(_:dataTask:…)`). Anything else — `resume()`,
 * returning, storing, passing it to another function — may start it.
 */
function neverResumed(call: Node): boolean {
  let holder = call;
  while (holder.parent && transparent.has(holder.parent.type)) holder = holder.parent;
  const parent = holder.parent;
  if (!parent) return false;
  // An unused result; a lone expression in a body is its return value instead.
  if (parent.type === 'statements') return parent.namedChildren.filter((child) => child && !child.type.includes('comment')).length > 1;
  if (parent.type === 'assignment') {
    const target = parent.childForFieldName('target');
    return parent.childForFieldName('result')?.equals(holder) === true && target?.text.trim() === '_';
  }
  if (parent.type !== 'property_declaration' || parent.parent?.type !== 'statements') return false;
  const name = parent.childForFieldName('name')?.childForFieldName('bound_identifier')?.text;
  if (!name) return false;
  const scope = parent.parent;
  const uses = scope
    .descendantsOfType('simple_identifier')
    .filter((id): id is Node => !!id && id.text === name && id.startIndex >= parent.endIndex && isReference(id));
  return uses.every(onlyInspected);
}

/** `task.state`, `task.taskIdentifier == 1`, or `delegate.urlSession(session, dataTask: task, …)`. */
function onlyInspected(use: Node): boolean {
  const parent = use.parent;
  if (!parent) return false;
  if (parent.type === 'navigation_expression' && parent.namedChild(0)?.equals(use)) {
    // A member read, not a method called on the task (`resume()`, `cancel()`) nor a member assigned.
    const up = parent.parent;
    if (up?.type === 'call_expression' && up.namedChild(0)?.equals(parent)) return false;
    return !(up?.type === 'directly_assignable_expression');
  }
  if (parent.type !== 'value_argument') return false;
  const callNode = parent.parent?.parent?.parent;
  const call = callNode ? readCall(callNode) : undefined;
  const name = call ? calleeNameAndReceiver(unwrapExpression(call.callee)).name?.text : undefined;
  return name === 'urlSession';
}
