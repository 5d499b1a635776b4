// A literal background identifier in code compiled into an app extension.
import { bundleIdentifierFixes } from '../fixes/bundleIdentifier';
import { identifierConflicts } from './identifierConflicts';
import { processTargetsReaching } from './reachingTargets';
import type { Rule } from './ruleTypes';
import { isExtension } from './targets';

export const hardcodedIdentifierInExtension: Rule = {
  meta: {
    id: 'hardcoded-identifier-in-extension',
    severity: 'info',
    seed: 'S1',
    fix: 'quick',
    summary: 'A literal background identifier in an app extension: a bundle-based identifier keeps it unique per process.',
  },
  check(context) {
    for (const config of context.facts.configCreations) {
      if (config.identifier.kind !== 'literal' || config.identifier.value === '') continue;
      const extension = processTargetsReaching(context.workspace, context.project, config).find(isExtension);
      if (!extension) continue;
      // When the literal is already shared with another target, identifier-shared-across-targets says so.
      if (identifierConflicts(context, config).length > 0) continue;
      context.report({
        span: config.identifier.span,
        message: `This literal identifier is compiled into the extension '${extension.name}'; a bundle-based identifier stays unique to each process even when the code is shared or copied.`,
        fixes: bundleIdentifierFixes(config.identifier.span, config.identifier.value),
      });
    }
  },
};
