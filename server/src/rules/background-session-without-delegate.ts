// A background session without a delegate: nothing learns of completion, errors or relaunch.
import type { SessionCreation } from '../facts/facts';
import type { Rule, RuleContext } from './ruleTypes';

/** What a session made only to clean up leftovers does: none of it reports to a delegate. */
const cleanupMethods = new Set(['invalidateAndCancel', 'finishTasksAndInvalidate', 'getTasksWithCompletionHandler', 'getAllTasks']);

export const backgroundSessionWithoutDelegate: Rule = {
  meta: {
    id: 'background-session-without-delegate',
    severity: 'error',
    fix: 'none',
    summary: 'A background session created without a delegate: nothing learns of completion, errors or relaunch.',
  },
  check(context) {
    for (const session of context.facts.sessionCreations) {
      if (session.hasDelegate) continue;
      const configs = context.workspace.backgroundConfigs(session.configuration);
      if (!configs) continue;
      if (onlyCleansUp(context, session)) continue;
      context.report({
        span: session.span,
        message:
          'A background session reports results only to its delegate; without one nothing learns that a transfer finished or failed, or handles the relaunch.',
        related: configs.slice(0, 3).map((config) => ({ file: config.file, span: config.span, message: 'The background configuration is created here.' })),
      });
    }
  },
};

/**
 * The session is made only to invalidate, cancel or list the tasks left over under its identifier:
 * every recorded call on it, across the workspace, is one of those (and there is at least one).
 */
function onlyCleansUp(context: RuleContext, session: SessionCreation): boolean {
  let cleanups = 0;
  for (const facts of context.workspace.allFacts()) {
    for (const call of facts.methodCalls) {
      if (!context.workspace.backgroundSessions(call.receiver)?.includes(session)) continue;
      if (!cleanupMethods.has(call.method)) return false;
      cleanups++;
    }
  }
  return cleanups > 0;
}
