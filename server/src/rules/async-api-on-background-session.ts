// The async/await convenience methods are not supported by background sessions.
import { callsOnBackgroundSession, sessionCreatedHere } from './backgroundSessionCalls';
import type { Rule } from './ruleTypes';

/** Method → the first argument labels that make it one of URLSession's async convenience APIs. */
const asyncApis: Record<string, string[]> = {
  data: ['for', 'from'],
  download: ['for', 'from', 'resumeFrom'],
  upload: ['for'],
  bytes: ['for', 'from'],
};

export const asyncApiOnBackgroundSession: Rule = {
  meta: {
    id: 'async-api-on-background-session',
    severity: 'error',
    fix: 'none',
    summary: 'data(for:), download(from:), upload(for:fromFile:) and the other async convenience APIs are not supported on a background session.',
  },
  check(context) {
    for (const { call, sessions, via } of callsOnBackgroundSession(context, Object.keys(asyncApis))) {
      const first = call.labels[0];
      if (!first || !asyncApis[call.method].includes(first)) continue;
      if (call.method === 'upload' && call.labels[1] !== 'from' && call.labels[1] !== 'fromFile') continue;
      context.report({
        span: call.callSpan,
        message: `${call.method}(${call.labels.map((label) => `${label ?? '_'}:`).join('')}) is not supported on a background session and fails at run time; create a task and handle it in the session delegate.`,
        related: sessionCreatedHere(sessions, via),
      });
    }
  },
};
