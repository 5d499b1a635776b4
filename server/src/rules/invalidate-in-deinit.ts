// invalidateAndCancel() on a background session in deinit: cancels the transfers the system was
// meant to carry on after the object (or the app) is gone.
import { callsInHelpers } from '../flow/helpers';
import { callsOnBackgroundSession, sessionCreatedHere } from './backgroundSessionCalls';
import type { CallSite } from '../facts/facts';
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
    // deinit calling a helper (`tearDown()`, `cancelAll()`) that invalidates the session.
    for (const deinit of context.facts.functions) {
      if (deinit.kind !== 'deinit') continue;
      const reported = new Set<CallSite>();
      for (const { call, through } of callsInHelpers(context.workspace, deinit, ['invalidateAndCancel'])) {
        const value = context.workspace.evaluate(call.receiver);
        if (value.kind !== 'bgSession' || reported.has(through)) continue;
        reported.add(through);
        context.report({
          span: through.span,
          message: `deinit calls '${through.name}', which calls invalidateAndCancel() on a background session: that cancels every transfer the system should finish while the app is suspended; let the session live, or use finishTasksAndInvalidate() if it really must go.`,
          related: [{ file: call.file, span: call.callSpan, message: `'${through.name}' invalidates the session here.` }, ...sessionCreatedHere(value.sessions)],
        });
      }
    }
  },
};
