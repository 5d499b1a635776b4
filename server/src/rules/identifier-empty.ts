// background(withIdentifier: "") — directly or through a constant that holds "".
import type { Rule } from './ruleTypes';

export const identifierEmpty: Rule = {
  meta: {
    id: 'identifier-empty',
    severity: 'error',
    fix: 'none',
    summary: 'A background configuration with an empty identifier: the identifier is what names the session across launches.',
  },
  check(context) {
    for (const config of context.facts.configCreations) {
      const identifier = config.identifier;
      const empty =
        (identifier.kind === 'literal' && identifier.value === '') ||
        (identifier.kind === 'expression' && isEmptyString(context.workspace.evaluate(identifier.value)));
      if (!empty || !('span' in identifier)) continue;
      context.report({
        span: identifier.span,
        message:
          'A background configuration needs a unique, non-empty identifier: the system uses it to reconnect the session to its transfers after a relaunch, and an empty one names no session.',
      });
    }
  },
};

function isEmptyString(value: { kind: string; value?: unknown }): boolean {
  return value.kind === 'string' && value.value === '';
}
