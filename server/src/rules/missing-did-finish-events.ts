// The handleEvents completion handler is stored, but nothing calls urlSessionDidFinishEvents.
import type { Node } from 'web-tree-sitter';
import { indentationAt, indentationUnit, lineEnding } from '../fixes/statementEdits';
import type { FileFacts, FunctionFact, ValueExpr } from '../facts/facts';
import { calleeNameAndReceiver } from '../facts/syntax';
import { selectors } from '../facts/selectors';
import { bodyOf, handleEventsFunctions, handlerStorage, memberChain } from './handleEvents';
import type { FixProposal, Rule, RuleContext } from './ruleTypes';
import type { Value } from '../workspace/workspaceIndex';
import { processTargetsOf } from './targets';

export const missingDidFinishEvents: Rule = {
  meta: {
    id: 'missing-did-finish-events',
    severity: 'warning',
    fix: 'quick',
    summary: 'The handleEvents completion handler is stored, but no urlSessionDidFinishEvents(forBackgroundURLSession:) in the target calls it.',
  },
  check(context) {
    for (const fn of handleEventsFunctions(context.facts)) {
      if (fn.selector !== selectors.handleEvents) continue;
      const body = bodyOf(context.parsed.tree.rootNode, fn);
      const handler = fn.params[2]?.name;
      // Stored where a library may take over (a type we cannot see): its delegate may call it.
      const stored = (body && handler ? handlerStorage(body, handler) : []).filter(
        (storage) => storedInWorkspace(context, fn, storage.target) && !handedOn(context, fn, storage.target),
      );
      if (stored.length === 0) continue;
      if (sameTargetFiles(context).some((facts) => facts.functions.some((other) => other.selector === selectors.didFinishEvents))) continue;
      context.report({
        span: { start: stored[0].assignment.startIndex, end: stored[0].assignment.endIndex },
        message:
          'The completion handler is stored, but no urlSessionDidFinishEvents(forBackgroundURLSession:) calls it; iOS then never learns the app finished handling the events and may stop relaunching it for transfers.',
        fixes: didFinishEventsFix(context, fn, stored[0].target),
      });
    }
  },
};

/** Facts of the files compiled into the same targets as this one (the whole workspace without a project). */
function sameTargetFiles(context: RuleContext): FileFacts[] {
  const mine = new Set(processTargetsOf(context.project, context.file).map((target) => target.name));
  const all = [...context.workspace.allFacts()];
  if (mine.size === 0) return all;
  return all.filter((facts) => processTargetsOf(context.project, facts.file).some((target) => mine.has(target.name)));
}

/**
 * Adds the delegate method to the session delegate's class when it is declared in this file and
 * the handler was stored in one of its properties (`X.shared.handler`, `self.handler`).
 */
function didFinishEventsFix(context: RuleContext, fn: FunctionFact, storage: Node): FixProposal[] {
  const member = storageMember(context, fn, storage);
  if (!member) return [];
  const { name, owner } = member;
  if (!owner || owner.kind !== 'instance') return [];
  const delegateType = context.facts.types.find((type) => type.name === owner.typeName && type.kind === 'class');
  if (!delegateType) return [];
  // In a type still being typed the inserted method may not parse as a member: no fix there.
  const typeNode = context.parsed.tree.rootNode.descendantForIndex(delegateType.nameSpan.start)?.parent;
  if (!typeNode || typeNode.hasError) return [];
  const closing = context.text.lastIndexOf('}', delegateType.span.end - 1);
  if (closing < 0) return [];
  const { text } = context;
  const eol = lineEnding(text);
  const unit = indentationUnit(text);
  const indent = indentationAt(text, delegateType.span.start) + unit;
  const property = name.text;
  const method = [
    `${indent}func urlSessionDidFinishEvents(forBackgroundURLSession session: URLSession) {`,
    `${indent}${unit}DispatchQueue.main.async {`,
    `${indent}${unit}${unit}let completionHandler = self.${property}`,
    `${indent}${unit}${unit}self.${property} = nil`,
    `${indent}${unit}${unit}completionHandler?()`,
    `${indent}${unit}}`,
    `${indent}}`,
  ].join(eol);
  const lineStart = text.lastIndexOf('\n', closing - 1) + 1;
  if (text.slice(lineStart, closing).trim() !== '') return [];
  return [
    {
      title: `Add urlSessionDidFinishEvents(forBackgroundURLSession:) to ${delegateType.name}, calling the stored handler on the main queue`,
      safety: 'quick',
      edits: [{ span: { start: lineStart, end: lineStart }, newText: `${eol}${method}${eol}` }],
    },
  ];
}

/** The handler goes into a property of a type the workspace declares (`self.x`, `Service.shared.x`, `x`). */
function storedInWorkspace(context: RuleContext, fn: FunctionFact, target: Node): boolean {
  const base = target.type === 'navigation_expression' ? calleeNameAndReceiver(target).receiver : target.type === 'subscript' ? target.namedChild(0) : undefined;
  if (!base) return target.type === 'simple_identifier' && !!fn.typeName;
  const receiver = base.type === 'navigation_expression' || base.type === 'simple_identifier' || base.type === 'self_expression' ? base : undefined;
  if (!receiver) return false;
  if (target.type === 'subscript') return receiver.type === 'simple_identifier' || receiver.type === 'self_expression' ? !!fn.typeName : false;
  const value = context.workspace.evaluate(memberChain(receiver, fn.typeName));
  return (value.kind === 'instance' || value.kind === 'metatype') && context.workspace.typeDeclarations(value.typeName).length > 0;
}

/**
 * The stored handler does not stay where it was put: the property is computed (its setter decides
 * where the handler goes, e.g. into a library's session manager), or code elsewhere reads it and
 * passes it to a call (`MZDownloadManager(session:delegate:completion: appDelegate.handler)`),
 * whose urlSessionDidFinishEvents we may not see.
 */
function handedOn(context: RuleContext, fn: FunctionFact, target: Node): boolean {
  const member = storageMember(context, fn, target);
  if (!member) return false;
  const name = member.name.text;
  const { owner } = member;
  if (owner && (owner.kind === 'instance' || owner.kind === 'metatype')) {
    const declared = context.workspace.typeChain(owner.typeName).flatMap((type) => context.workspace.propertiesOf(type, name));
    if (declared.some((property) => property.isComputed)) return true;
  }
  for (const facts of context.workspace.allFacts()) {
    if (facts.callSites.some((site) => site.argumentValues.some((value) => reads(value, name)))) return true;
  }
  return false;
}

/** The value is (one of the values of) a member or name called `name`. */
function reads(value: ValueExpr, name: string): boolean {
  switch (value.kind) {
    case 'member':
    case 'name':
      return value.name === name;
    case 'union':
      return value.values.some((inner) => reads(inner, name));
    case 'coalesce':
      return reads(value.value, name) || reads(value.ifNil, name);
    default:
      return false;
  }
}

/** The member a stored handler goes into (`x.handler`, bare `handler`), and the value that owns it. */
function storageMember(context: RuleContext, fn: FunctionFact, storage: Node): { name: Node; owner: Value | undefined } | undefined {
  if (storage.type !== 'navigation_expression' && storage.type !== 'simple_identifier') return undefined;
  const { name, receiver } = storage.type === 'simple_identifier' ? { name: storage, receiver: undefined } : calleeNameAndReceiver(storage);
  if (!name) return undefined;
  const owner: Value | undefined = receiver
    ? context.workspace.evaluate(memberChain(receiver, fn.typeName))
    : fn.typeName
      ? { kind: 'instance', typeName: fn.typeName }
      : undefined;
  return { name, owner };
}
