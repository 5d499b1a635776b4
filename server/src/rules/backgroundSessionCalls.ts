// Shared by the rules about calls on a background session: which calls of this file surely run
// on one, and where that session is made (the related location of every such finding).
import type { CallSite, FileFacts, MethodCall, SessionCreation } from '../facts/facts';
import type { RuleContext } from './ruleTypes';
import { calleeNameAndReceiver } from '../facts/syntax';
import { callSiteAt, nodeAt } from './nodeAt';

/** The calls that end a session. */
export const invalidationMethods = ['invalidateAndCancel', 'finishTasksAndInvalidate'];

export interface CallOnBackgroundSession {
  call: MethodCall;
  sessions: SessionCreation[];
  /** The call sites that hand the session in, when it arrives through a parameter or a wrapper. */
  via: CallSite[];
}

export function callsOnBackgroundSession(context: RuleContext, methods: readonly string[]): CallOnBackgroundSession[] {
  const found: CallOnBackgroundSession[] = [];
  for (const call of context.facts.methodCalls) {
    if (!methods.includes(call.method)) continue;
    const verdict = onBackgroundSession(context, call);
    if (verdict) found.push(verdict);
  }
  return found;
}

const verdictsKey = {};

/**
 * Whether `call` surely runs on a background session. Nine rules ask about the same calls: each
 * call is judged once per workspace change.
 */
function onBackgroundSession(context: RuleContext, call: MethodCall): CallOnBackgroundSession | undefined {
  const verdicts = context.workspace.derived(verdictsKey, () => new Map<MethodCall, CallOnBackgroundSession | undefined>());
  if (verdicts.has(call)) return verdicts.get(call);
  let verdict: CallOnBackgroundSession | undefined;
  // The receiver first: most calls are on no background session, and then their callees need no resolving.
  const value = context.workspace.evaluate(call.receiver);
  if (value.kind === 'bgSession' && !callsWorkspaceWrapper(context, call) && !inBranchExcludingDelegates(context, call, value.sessions)) {
    verdict = { call, sessions: value.sessions, via: value.via ?? [] };
  }
  verdicts.set(call, verdict);
  return verdict;
}

const firstDelegateReadKey = {};

/**
 * The call sits in the `else` of `if let d = session.delegate as? T` / `if session.delegate is T`, and
 * every background session it may be on has a delegate of type T: on those sessions this branch
 * never runs (the `if` side makes the background-safe task).
 */
function inBranchExcludingDelegates(context: RuleContext, call: MethodCall, sessions: SessionCreation[]): boolean {
  // The `if` reads `<receiver>.delegate` before the call: without that text, no tree walk.
  const first = ofThisFile(context, firstDelegateReadKey, () => context.text.indexOf('.delegate'));
  if (first < 0 || first > call.span.start) return false;
  const node = nodeAt(context.parsed.tree, call.span);
  for (let current = node, parent = node?.parent; current && parent; current = parent, parent = parent.parent) {
    if (parent.type !== 'if_statement' || current.type !== 'statements') continue;
    // The block's `{` stands between it and the `else` before it.
    let before = current.previousSibling;
    while (before?.type === '{') before = before.previousSibling;
    if (before?.type !== 'else') continue;
    for (const condition of parent.childrenForFieldName('condition')) {
      if (condition?.type !== 'as_expression' && condition?.type !== 'check_expression') continue;
      const tested = condition.childForFieldName(condition.type === 'as_expression' ? 'expr' : 'target');
      const typeName = condition.childForFieldName('name')?.text;
      if (!tested || !typeName || tested.type !== 'navigation_expression') continue;
      const { name, receiver } = calleeNameAndReceiver(tested);
      if (name?.text !== 'delegate' || !receiver || receiver.text.replace(/^self\./, '') !== call.receiverText.replace(/^self\./, '')) continue;
      const delegatesOfType = sessions.every((session) => {
        if (!session.delegate) return false;
        const delegate = context.workspace.evaluate(session.delegate);
        // The delegate's type: what it evaluates to, or the declared type of the parameter it is.
        const declared =
          delegate.kind === 'instance'
            ? delegate.typeName
            : session.delegate.kind === 'param'
              ? context.workspace.functionById(session.delegate.functionId)?.params[session.delegate.index]?.type
              : undefined;
        return !!declared && (declared === typeName || context.workspace.inheritsFrom(declared, new Set([typeName])));
      });
      if (delegatesOfType) return true;
    }
  }
  return false;
}

/**
 * A call of the workspace's own wrapper (`extension URLSession { func dataTask(request:completion:) }`):
 * the system API is called inside the wrapper, and reported there with this call as the path.
 */
function callsWorkspaceWrapper(context: RuleContext, call: MethodCall): boolean {
  const site = callSiteWithSpan(context, call.span);
  return !!site && context.workspace.callGraph.calleesOf(site).length > 0;
}

const callSitesByStartKey = {};

/** This file's call site recorded for exactly `span` (looked up by start: a file has thousands). */
function callSiteWithSpan(context: RuleContext, span: CallSite['span']): CallSite | undefined {
  const byStart = ofThisFile(context, callSitesByStartKey, () => {
    const sites = new Map<number, CallSite[]>();
    for (const site of context.facts.callSites) {
      const list = sites.get(site.span.start);
      if (list) list.push(site);
      else sites.set(site.span.start, [site]);
    }
    return sites;
  });
  return callSiteAt(byStart.get(span.start) ?? [], span);
}

/** A value computed from the linted file (its facts or text), kept until any file changes. */
function ofThisFile<T>(context: RuleContext, key: object, compute: () => T): T {
  const byFile = context.workspace.derived(key, () => new Map<FileFacts, T>());
  if (!byFile.has(context.facts)) byFile.set(context.facts, compute());
  return byFile.get(context.facts)!;
}

/**
 * "The background session is created here", for each place the session may come from, and the
 * call sites that pass it in when it crosses a function.
 */
export function sessionCreatedHere(sessions: SessionCreation[], via: CallSite[] = []): { file: string; span: SessionCreation['span']; message: string }[] {
  return [
    ...sessions.slice(0, 3).map((session) => ({
      file: session.file,
      span: session.span,
      message: 'The background session is created here.',
    })),
    ...via.slice(0, 3).map((site) => ({
      file: site.file,
      span: site.span,
      message: `The background session is passed in here (${site.name}).`,
    })),
  ];
}

/** The task this call creates is never resumed (a test hands it to a delegate method): it never transfers anything. */
export function neverRuns(context: RuleContext, call: MethodCall): boolean {
  return context.facts.neverResumedTasks.some((span) => span.start === call.span.start && span.end === call.span.end);
}

export function labelsAre(call: MethodCall, ...labels: (string | undefined)[]): boolean {
  return call.labels.length === labels.length && labels.every((label, i) => call.labels[i] === label);
}
