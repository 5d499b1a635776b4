// shouldUseExtendedBackgroundIdleMode on a background configuration: it keeps the app's own
// connections open when it moves to the background, it does nothing for background transfers.
import type { PropertySet } from '../facts/facts';
import { enclosingStatement } from '../fixes/statementEdits';
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

/** Deletes the statement's whole line (with its line break) when no other code is on it. */
function removeLineFix(context: RuleContext, set: PropertySet): FixProposal[] {
  const { text } = context;
  const statement = enclosingStatement(context.parsed.tree, set.span);
  if (!statement || statement.startIndex !== set.span.start || statement.endIndex !== set.span.end) return [];
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const newline = text.indexOf('\n', statement.endIndex);
  const lineEnd = newline === -1 ? text.length : newline + 1;
  const rest = text.slice(statement.endIndex, newline === -1 ? text.length : newline);
  if (text.slice(lineStart, statement.startIndex).trim() !== '' || (rest.trim() !== '' && !rest.trim().startsWith('//'))) return [];
  return [{ title: 'Remove shouldUseExtendedBackgroundIdleMode', safety: 'quick', edits: [{ span: { start: lineStart, end: lineEnd }, newText: '' }] }];
}
