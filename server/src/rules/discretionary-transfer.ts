// isDiscretionary = true on a background configuration.
import type { Rule } from './ruleTypes';

export const discretionaryTransfer: Rule = {
  meta: {
    id: 'discretionary-transfer',
    severity: 'info',
    fix: 'quick',
    summary: 'isDiscretionary = true on a background configuration: transfers the app starts in the foreground may wait for Wi-Fi and power.',
  },
  check(context) {
    for (const set of context.facts.propertySets) {
      if (set.property !== 'isDiscretionary' || set.valueText !== 'true') continue;
      if (!context.workspace.backgroundConfigs(set.receiver)) continue;
      context.report({
        span: set.propertySpan,
        message:
          'With isDiscretionary the system may hold even transfers started in the foreground until the device has Wi-Fi and power; keep it for large, non-urgent transfers only.',
        fixes: [{ title: 'Set isDiscretionary to false', safety: 'quick', edits: [{ span: set.valueSpan, newText: 'false' }] }],
      });
    }
  },
};
