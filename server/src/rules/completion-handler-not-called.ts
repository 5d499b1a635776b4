// handleEvents drops its completion handler on some path: neither called, stored nor passed on.
import type { HandleEventsFact } from '../facts/delegateFacts';
import type { Rule } from './ruleTypes';

export const completionHandlerNotCalled: Rule = {
  meta: {
    id: 'completion-handler-not-called',
    severity: 'error',
    fix: 'none',
    summary: 'The handleEvents completion handler is neither called, stored nor passed on, on some path.',
  },
  check(context) {
    for (const form of context.facts.delegate.handleEvents) {
      const handler = form.handler;
      if (!handler) continue;
      const where = describe(form);
      if (!handler.mentioned) {
        context.report({
          span: handler.nameSpan,
          message: `${where} never calls, stores or passes on '${handler.name}'; the system waits for it to take a new snapshot of the app and to let the app suspend again.`,
        });
        continue;
      }
      for (const exit of handler.droppingExits) {
        context.report({
          span: exit,
          message: `This path leaves ${where} without calling, storing or passing on '${handler.name}', so the system is never told that the events were handled.`,
        });
      }
      if (handler.dropsAtEnd) {
        context.report({
          span: handler.nameSpan,
          message: `On some path ${where} ends without calling, storing or passing on '${handler.name}', so the system is never told that the events were handled.`,
        });
      }
    }
  },
};

function describe(form: HandleEventsFact): string {
  return form.form === 'widget' ? 'onBackgroundURLSessionEvents' : 'handleEventsForBackgroundURLSession';
}
