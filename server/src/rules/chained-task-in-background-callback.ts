// A new task started from didFinishDownloadingTo / didCompleteWithError of a background session.
import type { CallSite, FunctionFact, MethodCall, ValueExpr } from '../facts/facts';
import { argumentFor } from '../flow/callGraph';
import { callsInHelpers } from '../flow/helpers';
import { selectors } from '../facts/selectors';
import { delegateRoles, sessionsCreatedHere } from './backgroundDelegates';
import type { Rule, RuleContext } from './ruleTypes';

const taskMethods = ['downloadTask', 'uploadTask', 'dataTask'];

export const chainedTaskInBackgroundCallback: Rule = {
  meta: {
    id: 'chained-task-in-background-callback',
    severity: 'info',
    fix: 'none',
    summary: 'A new task started from didFinishDownloadingTo or didCompleteWithError of a background session: each relaunch is rate-limited, so one-at-a-time chains slow down sharply.',
  },
  check(context) {
    const retries = context.facts.delegate.retryTaskCalls;
    for (const call of context.facts.methodCalls) {
      if (!taskMethods.includes(call.method) || call.functionId === undefined) continue;
      const fn = context.workspace.functionById(call.functionId);
      if (!fn || (fn.selector !== selectors.didFinishDownloading && fn.selector !== selectors.didComplete)) continue;
      // Retrying the task that just failed (resume data, its own request) is not a chain.
      if (retries.some((span) => span.start === call.span.start && span.end === call.span.end)) continue;
      if (!context.facts.methodCalls.some((other) => other.functionId === fn.id && other.method === 'resume')) continue;
      const sessions = backgroundSessionOf(context, call, fn.id, fn.typeName);
      if (!sessions) continue;
      context.report({
        span: call.callSpan,
        message:
          'Starting the next task from this callback makes a chain of one-at-a-time background transfers, and the system delays each background relaunch more and more; create the whole batch of tasks up front.',
        related: sessionsCreatedHere(sessions),
      });
    }
    reportChainsThroughHelpers(context);
  },
};

/** The callback calls a helper (`startNext()`) that starts and resumes the next task. */
function reportChainsThroughHelpers(context: RuleContext): void {
  for (const fn of context.facts.functions) {
    if (fn.selector !== selectors.didFinishDownloading && fn.selector !== selectors.didComplete) continue;
    const reported = new Set<CallSite>();
    for (const { call, helper, through } of callsInHelpers(context.workspace, fn, taskMethods)) {
      if (reported.has(through) || isRetry(call)) continue;
      if (!context.workspace.methodCallsIn(helper.id).some((other) => other.method === 'resume')) continue;
      const sessions = helperSessionOf(context, call, fn, through);
      if (!sessions) continue;
      reported.add(through);
      context.report({
        span: through.span,
        message: `'${through.name}' starts the next task from this callback, a chain of one-at-a-time background transfers, and the system delays each background relaunch more and more; create the whole batch of tasks up front.`,
        related: [{ file: call.file, span: call.callSpan, message: `'${helper.name}' starts the task here.` }, ...sessionsCreatedHere(sessions)],
      });
    }
  }
}

/** Resume data or the task's own request: the helper retries the transfer that just ended. */
function isRetry(call: MethodCall): boolean {
  return call.labels.includes('withResumeData') || call.args.some((arg) => readsTaskRequest(arg.value));
}

function readsTaskRequest(value: ValueExpr): boolean {
  switch (value.kind) {
    case 'member':
      return value.name === 'originalRequest' || value.name === 'currentRequest' || readsTaskRequest(value.base);
    case 'union':
      return value.values.some(readsTaskRequest);
    case 'coalesce':
      return readsTaskRequest(value.value) || readsTaskRequest(value.ifNil);
    default:
      return false;
  }
}

/** A known background session, or the callback's own `session` handed straight to the helper. */
function helperSessionOf(context: RuleContext, call: MethodCall, callback: FunctionFact, through: CallSite) {
  const roles = delegateRoles(context.workspace, callback.typeName);
  if (!roles || roles.background.length === 0) return undefined;
  const known = context.workspace.backgroundSessions(call.receiver);
  if (known) return known;
  if (call.receiver.kind !== 'param' || roles.other.length > 0) return undefined;
  const helper = context.workspace.functionById(call.receiver.functionId);
  const passedIn = helper && context.workspace.callGraph.calleesOf(through).includes(helper) ? argumentFor(helper, through, call.receiver.index) : undefined;
  return passedIn?.kind === 'param' && passedIn.functionId === callback.id && passedIn.index === 0 ? roles.background : undefined;
}

/** The background sessions the task is created on: a known one, or the callback's own `session` when the type only serves background sessions. */
function backgroundSessionOf(context: RuleContext, call: MethodCall, functionId: number, typeName: string | undefined) {
  // Only a callback of a background session runs during a background relaunch.
  const roles = delegateRoles(context.workspace, typeName);
  if (!roles || roles.background.length === 0) return undefined;
  const known = context.workspace.backgroundSessions(call.receiver);
  if (known) return known;
  if (call.receiver.kind !== 'param' || call.receiver.functionId !== functionId || call.receiver.index !== 0) return undefined;
  return roles.other.length === 0 ? roles.background : undefined;
}
