// shouldUseExtendedBackgroundIdleMode on a background configuration: it keeps the app's own
// connections open when it moves to the background, it does nothing for background transfers.
import type { PropertySet } from '../facts/facts';
import { removeStatementLine } from '../fixes/statementEdits';
import type { FixProposal, Rule, RuleContext } from './ruleTypes';

export const extendedIdleModeOnBackground: Rule = {
  meta: {
    id: 'extended-idle-mode-on-background',
    severity: 'info',
    fix: 'quick',
    summary: 'shouldUseExtendedBackgroundIdleMode on a background configuration: it is not about background transfers, and it is deprecated.',
  },
  check(context) {
    for (const set of context.facts.propertySets) {
      if (set.property !== 'shouldUseExtendedBackgroundIdleMode') continue;
      if (!context.workspace.backgroundConfigs(set.receiver)) continue;
      context.report({
        span: set.propertySpan,
        message:
          'shouldUseExtendedBackgroundIdleMode keeps the app\'s own connections open for a while after it moves to the background; background transfers do not need it, and it is deprecated since iOS 18.4.',
        fixes: removeLineFix(context, set),
      });
    }
  },
};

function removeLineFix(context: RuleContext, set: PropertySet): FixProposal[] {
  const edit = removeStatementLine(context.text, context.parsed.tree, set.span);
  return edit ? [{ title: 'Remove shouldUseExtendedBackgroundIdleMode', safety: 'quick', edits: [edit] }] : [];
}
