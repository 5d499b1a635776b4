// handleEvents calls its completion handler at once for an identifier the app owns.
import type { Rule } from './ruleTypes';
import { workspaceMakesBackgroundSession } from './backgroundDelegates';

export const completionHandlerCalledEarly: Rule = {
  meta: {
    id: 'completion-handler-called-early',
    severity: 'error',
    fix: 'none',
    summary: 'handleEvents calls its completion handler right away instead of after urlSessionDidFinishEvents(forBackgroundURLSession:).',
  },
  check(context) {
    const forms = context.facts.delegate.handleEvents.filter((form) => form.handler && form.handler.immediateCalls.length > 0);
    if (forms.length === 0 || !workspaceMakesBackgroundSession(context.workspace)) return;
    for (const form of forms) {
      const handler = form.handler!;
      for (const call of handler.immediateCalls) {
        // A call in a branch (or an #if block) while other paths keep the handler is a fallback, not a mistake.
        const conditional = call.conditional || context.parsed.ifRegions.isConditional(call.span.start);
        if (conditional && handler.deferred) continue;
        context.report({
          span: call.span,
          message: `'${handler.name}' is called before the session has delivered its events, so the app may be suspended before its delegate sees them; keep it and call it from urlSessionDidFinishEvents(forBackgroundURLSession:).`,
        });
      }
    }
  },
};
