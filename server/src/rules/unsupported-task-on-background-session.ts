// WebSocket and stream tasks cannot run on a background session.
import { callsOnBackgroundSession, sessionCreatedHere } from './backgroundSessionCalls';
import type { Rule } from './ruleTypes';

export const unsupportedTaskOnBackgroundSession: Rule = {
  meta: {
    id: 'unsupported-task-on-background-session',
    severity: 'error',
    fix: 'none',
    summary: 'webSocketTask or streamTask on a background session: background sessions support only HTTP(S) data, download and upload tasks.',
  },
  check(context) {
    for (const { call, sessions, via } of callsOnBackgroundSession(context, ['webSocketTask', 'streamTask'])) {
      context.report({
        span: call.callSpan,
        message: `${call.method} is not supported on a background session; use a separate default session for it.`,
        related: sessionCreatedHere(sessions, via),
      });
    }
  },
};
