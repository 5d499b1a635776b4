// The stored handleEvents completion handler called from urlSessionDidFinishEvents off the main queue.
import type { Node } from 'web-tree-sitter';
import type { FinishEventsCall } from '../facts/delegateFacts';
import { classifyClosure, enclosingClosures, isReference, localNames, nodeWithSpan } from '../facts/references';
import { finishEventsCalls } from '../facts/callbackFacts';
import { selectors } from '../facts/selectors';
import { bareMemberReferences, isValueType, textWithSelf } from '../fixes/implicitSelf';
import type { FunctionFact, SessionCreation } from '../facts/facts';
import { enclosingStatement, indentationAt, indentationUnit, lineEnding } from '../fixes/statementEdits';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { backgroundSessionsDelegatingTo, isMainActorIsolated } from './backgroundDelegates';
import type { FixProposal, Rule, RuleContext } from './ruleTypes';

export const completionHandlerOffMain: Rule = {
  meta: {
    id: 'completion-handler-off-main',
    severity: 'warning',
    fix: 'safe',
    summary: 'The stored handleEvents completion handler is called from urlSessionDidFinishEvents(forBackgroundURLSession:) without hopping to the main queue.',
  },
  check(context) {
    reportThroughHelpers(context);
    const calls = context.facts.delegate.finishEventsCalls.filter((call) => call.context === 'direct');
    if (calls.length === 0) return;
    const handlerNames = storedHandlerNames(context.workspace);
    for (const call of calls) {
      const storage = call.storage.filter((name) => handlerNames.has(name));
      if (storage.length === 0) continue;
      const fn = context.workspace.functionById(call.functionId);
      if (!fn || isMainActorIsolated(context.workspace, fn)) continue;
      // The callback runs on the session's delegate queue: only sessions whose queue is known to be
      // another than the main queue tell.
      const sessions = backgroundSessionsDelegatingTo(context.workspace, fn);
      if (!sessions || !sessions.every((session) => deliversOffMain(context.workspace, session))) continue;
      const fix = wrapInMainQueue(context, call, fn, storage);
      context.report({
        span: call.span,
        message:
          'urlSessionDidFinishEvents(forBackgroundURLSession:) runs on the session\'s delegate queue, and the stored completion handler updates the app\'s snapshot through UIKit, which must happen on the main queue.',
        fixes: fix ? [fix] : [],
      });
    }
  },
};

/**
 * urlSessionDidFinishEvents calls a helper of this file on its own queue (not inside a main-queue
 * hop; inside a plain `Task` too), and the helper calls the stored handler directly: reported at
 * the call of the helper.
 */
function reportThroughHelpers(context: RuleContext): void {
  for (const fn of context.facts.functions) {
    if (fn.selector !== selectors.didFinishEvents || !fn.bodySpan || isMainActorIsolated(context.workspace, fn)) continue;
    const sessions = backgroundSessionsDelegatingTo(context.workspace, fn);
    if (!sessions || !sessions.every((session) => deliversOffMain(context.workspace, session))) continue;
    const bodySpan = fn.bodySpan;
    let body: Node | undefined;
    let handlerNames: Set<string> | undefined;
    const reported = new Set<string>();
    for (const site of context.workspace.callSitesIn(fn.id)) {
      // Most calls there are the system's: the tree is read only for a call of a helper of this file.
      const helpers = context.workspace.callGraph.calleesOf(site).filter((helper) => helper.file === context.file && helper.bodySpan && !isMainActorIsolated(context.workspace, helper));
      if (helpers.length === 0) continue;
      // A file analysed from its facts is parsed again for it.
      const root = context.parsed.tree.rootNode;
      body ??= nodeWithSpan(root, bodySpan);
      if (!body) break;
      const node = nodeWithSpan(root, site.span, 'call_expression');
      const closures = node ? enclosingClosures(node, body) : [];
      if (!node || !closures.every(stillOffMain)) continue;
      const inTask = closures.some((lambda) => classifyClosure(lambda).task === true);
      for (const helper of helpers) {
        const helperBody = nodeWithSpan(root, helper.bodySpan!);
        if (!helperBody) continue;
        handlerNames ??= storedHandlerNames(context.workspace);
        const names = handlerNames;
        const call = finishEventsCalls(helperBody, helper).find((inner) => inner.context === 'direct' && inner.storage.some((name) => names.has(name)));
        if (!call) continue;
        // Reported where the handler is called (where a main-queue hop goes), once for all its callers.
        const key = `${call.span.start}:${call.span.end}`;
        if (reported.has(key)) break;
        reported.add(key);
        context.report({
          span: call.span,
          message: `The stored completion handler is called here off the main queue: urlSessionDidFinishEvents(forBackgroundURLSession:) calls '${helper.name}' on the session's delegate queue${inTask ? ' (in a Task that does not run on the main actor)' : ''}; the handler updates the app's snapshot through UIKit, which must happen on the main queue.`,
          related: [{ file: context.file, span: site.span, message: `urlSessionDidFinishEvents calls '${helper.name}' here.` }],
        });
        break;
      }
    }
  }
}

/**
 * A closure the call inside still runs off the main queue in: a `defer`, or a `Task` not marked
 * `@MainActor` (it inherits the actor of urlSessionDidFinishEvents, which is not the main one).
 */
function stillOffMain(lambda: Node): boolean {
  const kind = classifyClosure(lambda);
  return kind.runs === 'atExit' || (kind.task === true && !kind.main);
}

/** The session's delegate queue is known and is not the main queue (`nil` makes a serial queue of its own). */
function deliversOffMain(workspace: WorkspaceIndex, session: SessionCreation): boolean {
  if (!session.delegateQueue) return false;
  const queue = workspace.evaluate(session.delegateQueue);
  return queue.kind === 'nil' || (queue.kind === 'queue' && !queue.main);
}

/**
 * Where handleEvents keeps the system's handler, across the workspace: the members it assigns the
 * handler to, directly or in a function it passes the handler to. A closure that wraps the handler
 * is not the handler (it may hop to the main queue itself).
 */
function storedHandlerNames(workspace: WorkspaceIndex): Set<string> {
  return workspace.derived(storedHandlerNamesKey, () => findStoredHandlerNames(workspace));
}

const storedHandlerNamesKey = {};

function findStoredHandlerNames(workspace: WorkspaceIndex): Set<string> {
  const names = new Set<string>();
  const files = [...workspace.allFacts()];
  for (const facts of files) {
    for (const form of facts.delegate.handleEvents) {
      if (!form.handler) continue;
      for (const name of form.handler.storedIn) names.add(name);
      for (const passed of form.handler.passedTo) {
        for (const other of files) {
          for (const fn of other.functions) {
            if (fn.name !== passed.callee) continue;
            const index = passed.label === undefined ? passed.index : fn.params.findIndex((param) => (param.externalName ?? param.name) === passed.label);
            for (const store of other.delegate.parameterStores) {
              if (store.functionId === fn.id && store.paramIndex === index) names.add(store.storedIn);
            }
          }
        }
      }
    }
  }
  return names;
}

/**
 * Wraps the call statement in `DispatchQueue.main.async { … }`. A call made on the stored member
 * itself takes the statements right after it that touch the same member (`handler = nil`) along, so
 * the order stays the same; when later code touches it too, no fix is offered. Bare members get
 * `self.` (an escaping closure needs it).
 */
function wrapInMainQueue(context: RuleContext, call: FinishEventsCall, fn: FunctionFact, storage: string[]): FixProposal | undefined {
  const { text, parsed } = context;
  const statement = enclosingStatement(parsed.tree, call.span);
  const body = fn.bodySpan ? nodeWithSpan(parsed.tree.rootNode, fn.bodySpan) : undefined;
  if (!statement || !body || statement.startIndex !== call.span.start || statement.endIndex !== call.span.end) return undefined;
  const group: Node[] = [statement];
  if (!call.viaLocal) {
    let pending: Node[] = [];
    for (let next = statement.nextNamedSibling; next; next = next.nextNamedSibling) {
      if (isComment(next)) {
        pending.push(next);
        continue;
      }
      if (!mentions(next, storage)) break;
      group.push(...pending, next);
      pending = [];
    }
    const last = group[group.length - 1];
    const later = body.descendantsOfType('simple_identifier').some(
      (id) => !!id && id.startIndex >= last.endIndex && storage.includes(id.text),
    );
    if (later) return undefined;
  }
  const first = group[0];
  const last = group[group.length - 1];
  const lineStart = text.lastIndexOf('\n', first.startIndex - 1) + 1;
  let lineEnd = text.indexOf('\n', last.endIndex);
  if (lineEnd === -1) lineEnd = text.length;
  if (text.slice(lineStart, first.startIndex).trim() !== '' || text.slice(last.endIndex, lineEnd).trim() !== '') return undefined;

  const insertions = selfInsertions(context.workspace, fn, body, group);
  if (!insertions) return undefined;
  const moved = textWithSelf(text, first.startIndex, last.endIndex, insertions);
  const eol = lineEnding(text);
  const indent = indentationAt(text, first.startIndex);
  const unit = indentationUnit(text);
  const lines = moved.split(eol).map((line, i) => (i === 0 || line.trim() === '' ? line : unit + line));
  const newText = `DispatchQueue.main.async {${eol}${indent}${unit}${lines.join(eol)}${eol}${indent}}`;
  return {
    title: 'Call the completion handler on the main queue',
    safety: 'safe',
    edits: [{ span: { start: first.startIndex, end: last.endIndex }, newText }],
  };
}

function isComment(node: Node): boolean {
  return node.type === 'comment' || node.type === 'multiline_comment';
}

function mentions(node: Node, names: string[]): boolean {
  return node.descendantsOfType('simple_identifier').some((id) => !!id && names.includes(id.text) && isReference(id));
}

/** Bare member references that need `self.` inside the closure, or undefined when a local has the same name. */
function selfInsertions(workspace: WorkspaceIndex, fn: FunctionFact, body: Node, group: Node[]): Node[] | undefined {
  if (!fn.typeName || isValueType(workspace, fn.typeName)) return [];
  const references = bareMemberReferences(group, workspace.instanceMemberNames(fn.typeName));
  const locals = localNames(body);
  for (const param of fn.params) locals.add(param.name);
  return references.some((reference) => locals.has(reference.text)) ? undefined : references;
}
