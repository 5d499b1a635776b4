// The same background identifier used by two targets that can run at the same time.
import { bundleIdentifierFixes } from '../fixes/bundleIdentifier';
import { identifierConflicts, identifierValue } from './identifierConflicts';
import type { Rule } from './ruleTypes';

export const identifierSharedAcrossTargets: Rule = {
  meta: {
    id: 'identifier-shared-across-targets',
    severity: 'warning',
    fix: 'quick',
    summary: 'The same background identifier creates sessions in two targets that can run at once (app + extension); only one process may use it at a time.',
  },
  check(context) {
    for (const config of context.facts.configCreations) {
      const conflicts = identifierConflicts(context, config);
      if (conflicts.length === 0 || config.identifier.kind === 'missing' || config.identifier.kind === 'interpolated') continue;
      const value = identifierValue(context.workspace, config)!;
      const { mine, theirs } = conflicts[0];
      context.report({
        span: config.identifier.span,
        message: `The identifier "${value}" creates background sessions in both '${mine.name}' and '${theirs.name}', which can run at the same time; only one process may use a background session at a time, so give each target its own identifier.`,
        related: conflicts
          .filter((conflict) => conflict.other !== config)
          .slice(0, 3)
          .map((conflict) => ({
            file: conflict.other.file,
            span: conflict.other.identifier.kind === 'missing' ? conflict.other.span : conflict.other.identifier.span,
            message: `The same identifier creates a background session in '${conflict.theirs.name}' here.`,
          })),
        fixes: config.identifier.kind === 'literal' ? bundleIdentifierFixes(config.identifier.span, value) : [],
      });
    }
  },
};
