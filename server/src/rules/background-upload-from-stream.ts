// uploadTask(withStreamedRequest:) on a background session.
import { callsOnBackgroundSession, sessionCreatedHere } from './backgroundSessionCalls';
import type { Rule } from './ruleTypes';

export const backgroundUploadFromStream: Rule = {
  meta: {
    id: 'background-upload-from-stream',
    severity: 'error',
    fix: 'none',
    summary: 'uploadTask(withStreamedRequest:) on a background session: streamed uploads do not continue in the background.',
  },
  check(context) {
    for (const { call, sessions, via } of callsOnBackgroundSession(context, ['uploadTask'])) {
      if (call.labels[0] !== 'withStreamedRequest') continue;
      context.report({
        span: call.callSpan,
        message: 'Streamed uploads fail once the app leaves the foreground; a background session only continues uploads from a file.',
        related: sessionCreatedHere(sessions, via),
      });
    }
  },
};
