// Task factory methods with completion handlers are not supported by background sessions.
import { callsOnBackgroundSession, sessionCreatedHere } from './backgroundSessionCalls';
import type { Rule } from './ruleTypes';

export const completionHandlerOnBackgroundSession: Rule = {
  meta: {
    id: 'completion-handler-on-background-session',
    severity: 'error',
    fix: 'none',
    summary: 'A task with a completion handler on a background session: completion handler blocks are not supported there.',
  },
  check(context) {
    for (const { call, sessions, via } of callsOnBackgroundSession(context, ['dataTask', 'downloadTask', 'uploadTask'])) {
      if (!call.hasCompletionHandler) continue;
      context.report({
        span: call.callSpan,
        message: `${call.method} with a completion handler throws at run time on a background session ("Completion handler blocks are not supported in background sessions"); use the session delegate instead.`,
        related: sessionCreatedHere(sessions, via),
      });
    }
  },
};
