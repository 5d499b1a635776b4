// A new task started from didFinishDownloadingTo / didCompleteWithError of a background session.
import type { MethodCall } from '../facts/facts';
import { selectors } from '../facts/delegateFacts';
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
  },
};

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
