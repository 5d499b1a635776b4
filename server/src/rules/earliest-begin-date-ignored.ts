// earliestBeginDate on a task of a session known not to be a background session: Apple, "This
// property has no effect for tasks created from nonbackground sessions." Unknown sessions stay silent.
import type { Rule } from './ruleTypes';

export const earliestBeginDateIgnored: Rule = {
  meta: {
    id: 'earliest-begin-date-ignored',
    severity: 'warning',
    fix: 'none',
    summary: 'earliestBeginDate on a task of a session that is not a background session (URLSession.shared, .default or .ephemeral): it has no effect there.',
  },
  check(context) {
    for (const set of context.facts.propertySets) {
      if (set.property !== 'earliestBeginDate') continue;
      // The receiver followed back to the call that made the task, and that call's session.
      if (context.workspace.evaluate(set.receiver).kind !== 'notBackgroundTask') continue;
      context.report({
        span: set.propertySpan,
        message: 'earliestBeginDate has no effect on a task of a session that is not a background session, so this task starts as soon as it is resumed.',
      });
    }
  },
};
