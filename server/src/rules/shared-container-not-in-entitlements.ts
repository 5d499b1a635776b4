// A literal sharedContainerIdentifier that the target is not entitled to.
import type { Rule } from './ruleTypes';
import { processTargetsOf } from './targets';

export const sharedContainerNotInEntitlements: Rule = {
  meta: {
    id: 'shared-container-not-in-entitlements',
    severity: 'error',
    fix: 'quick',
    summary: "A literal sharedContainerIdentifier that is not one of the target's app groups (com.apple.security.application-groups).",
  },
  check(context) {
    for (const set of context.facts.propertySets) {
      if (set.property !== 'sharedContainerIdentifier') continue;
      const literal = /^"([^"\\]*)"$/.exec(set.valueText.trim());
      if (!literal) continue; // interpolated, computed or a constant: cannot be checked
      const group = literal[1];
      for (const target of processTargetsOf(context.project, context.file)) {
        if (!target.appGroups || target.appGroups.includes(group)) continue;
        const entitled = target.appGroups.length > 0 ? `its app groups are ${target.appGroups.map((g) => `"${g}"`).join(', ')}` : 'it has no app group';
        context.report({
          span: set.valueSpan,
          message: `"${group}" is not in the entitlements of '${target.name}' (${entitled}); the shared container cannot be opened and background transfers fail.`,
          related: target.entitlementsFile ? [{ file: target.entitlementsFile, span: { start: 0, end: 0 }, message: `The entitlements of '${target.name}'.` }] : [],
          fixes: target.appGroups.map((entitledGroup) => ({
            title: `Use the app group "${entitledGroup}"`,
            safety: 'quick' as const,
            edits: [{ span: set.valueSpan, newText: `"${entitledGroup}"` }],
          })),
        });
        break;
      }
    }
  },
};
