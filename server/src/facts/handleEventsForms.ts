// The handleEvents forms that are modifiers (SwiftUI's `.backgroundTask(.urlSession…)`, the widget's
// `onBackgroundURLSessionEvents`) and what async bodies await before they return.
import type { Node } from 'web-tree-sitter';
import type { AwaitFact, HandleEventsFact } from './delegateFacts';
import { calleeNameAndReceiver, children, firstNamedOfType, readCall, spanOf, unwrapExpression } from './syntax';
import { enclosingClosures } from './references';
import { analyzeHandler } from './handlerPaths';

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
  const args = suffix ? firstNamedOfType(suffix, 'value_arguments') : undefined;
  return args?.endIndex ?? nameNode.endIndex;
}

/** `.backgroundTask(.urlSession…) { … }` and `.onBackgroundURLSessionEvents { identifier, completion in … }`. */
export function modifierForm(node: Node): HandleEventsFact | undefined {
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
    handler: analyzeHandler(firstNamedOfType(action, 'statements'), params[1], [params[0].text]),
  };
}

// ---- awaits ------------------------------------------------------------------------------------------

export const continuationFunctions = new Set([
  'withCheckedContinuation',
  'withCheckedThrowingContinuation',
  'withUnsafeContinuation',
  'withUnsafeThrowingContinuation',
]);

/** The awaits of a body (a function body or an async closure), closures inside it left out. */
export function collectAwaits(body: Node): AwaitFact[] {
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
