// invalidateAndCancel() on a background session in deinit: cancels the transfers the system was
// meant to carry on after the object (or the app) is gone.
import { callsOnBackgroundSession, sessionCreatedHere } from './backgroundSessionCalls';
import type { Rule } from './ruleTypes';

export const invalidateInDeinit: Rule = {
  meta: {
    id: 'invalidate-in-deinit',
    severity: 'warning',
    fix: 'none',
    summary: 'invalidateAndCancel() on a background session in deinit cancels the system\'s transfers.',
  },
  check(context) {
    for (const { call, sessions, via } of callsOnBackgroundSession(context, ['invalidateAndCancel'])) {
      if (context.workspace.functionById(call.functionId)?.kind !== 'deinit') continue;
      context.report({
        span: call.callSpan,
        message:
          'invalidateAndCancel() in deinit cancels every transfer of the background session, including the ones that should finish while the app is suspended; let the session live, or use finishTasksAndInvalidate() if it really must go.',
        related: sessionCreatedHere(sessions, via),
      });
    }
  },
};
