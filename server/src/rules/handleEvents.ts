// handleEvents in all its forms (PITFALLS.md): the UIApplicationDelegate method and its async
// variant, SwiftUI `.backgroundTask(.urlSession…)`, and a widget's `onBackgroundURLSessionEvents`.
import type { Node } from 'web-tree-sitter';
import type { CallSite, FileFacts, FunctionFact, ValueExpr } from '../facts/facts';
import { argumentsToParameters } from '../flow/callGraph';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { calleeNameAndReceiver, namedChildren, unwrapExpression } from '../facts/syntax';
import { isHandleEvents } from './appEntryPoints';

export function handleEventsFunctions(facts: FileFacts): FunctionFact[] {
  return facts.functions.filter(isHandleEvents);
}

/** Does this file handle background session events in any form (app or SwiftUI scene)? */
export function handlesEvents(facts: FileFacts): boolean {
  return (
    handleEventsFunctions(facts).length > 0 ||
    facts.callSites.some((site) => site.name === 'backgroundTask' && site.argumentTexts.some((text) => text.trimStart().startsWith('.urlSession')))
  );
}

export function bodyOf(root: Node, fn: FunctionFact): Node | undefined {
  if (!fn.bodySpan) return undefined;
  let node: Node | null = root.descendantForIndex(fn.bodySpan.start, fn.bodySpan.end - 1);
  while (node && !(node.startIndex === fn.bodySpan.start && node.endIndex === fn.bodySpan.end)) node = node.parent;
  return node ?? undefined;
}

/** Every identifier node in `node` named `name`. */
export function referencesTo(node: Node, name: string): Node[] {
  return node.descendantsOfType('simple_identifier').filter((id): id is Node => !!id && id.text === name);
}

/** Where the completion handler is stored: the assignment target's text (`self.handler`, `handlers[id]`). */
export function handlerStorage(body: Node, handlerName: string): { target: Node; assignment: Node }[] {
  const found: { target: Node; assignment: Node }[] = [];
  for (const assignment of body.descendantsOfType('assignment')) {
    if (!assignment) continue;
    const result = assignment.childForFieldName('result');
    const target = assignment.childForFieldName('target');
    if (result && target && unwrapExpression(result).type === 'simple_identifier' && unwrapExpression(result).text === handlerName) {
      found.push({ target: target.namedChild(0) ?? target, assignment });
    }
  }
  return found;
}

/** The parameter node whose external name is `externalName`. */
export function parameterNode(root: Node, fn: FunctionFact, externalName: string): Node | undefined {
  let node: Node | null = root.descendantForIndex(fn.nameSpan.start);
  while (node && node.type !== 'function_declaration') node = node.parent;
  if (!node) return undefined;
  return namedChildren(node).find((child) => child.type === 'parameter' && child.childForFieldName('external_name')?.text === externalName);
}

/** `A.b.c` / `self.b` as a value expression for the workspace to evaluate (locals not followed). */
export function memberChain(node: Node, typeName: string | undefined): ValueExpr {
  if (node.type === 'simple_identifier') return { kind: 'name', name: node.text, typeName };
  if (node.type === 'self_expression') return { kind: 'self', typeName };
  if (node.type === 'navigation_expression') {
    const { name, receiver } = calleeNameAndReceiver(node);
    if (name && receiver) return { kind: 'member', base: memberChain(receiver, typeName), name: name.text };
  }
  return { kind: 'unknown' };
}

/** The workspace functions a call hands its argument `index` to (the handler), with the parameter it fills in each. */
export function parametersReceiving(workspace: WorkspaceIndex, site: CallSite, index: number): { callee: FunctionFact; paramIndex: number | undefined }[] {
  return workspace.callGraph.calleesOf(site).map((callee) => ({ callee, paramIndex: argumentsToParameters(callee.params, site.labels, site.trailingClosures)?.[index] }));
}
