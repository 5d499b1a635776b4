// A background session without a delegate: nothing learns of completion, errors or relaunch.
import type { Rule } from './ruleTypes';

export const backgroundSessionWithoutDelegate: Rule = {
  meta: {
    id: 'background-session-without-delegate',
    severity: 'error',
    fix: 'none',
    summary: 'A background session created without a delegate: nothing learns of completion, errors or relaunch.',
  },
  check(context) {
    for (const session of context.facts.sessionCreations) {
      if (session.hasDelegate) continue;
      const configs = context.workspace.backgroundConfigs(session.configuration);
      if (!configs) continue;
      context.report({
        span: session.span,
        message:
          'A background session reports results only to its delegate; without one nothing learns that a transfer finished or failed, or handles the relaunch.',
        related: configs.slice(0, 3).map((config) => ({ file: config.file, span: config.span, message: 'The background configuration is created here.' })),
      });
    }
  },
};
