// A delegate-based data task on a background session only runs while the app is not suspended.
import { callsOnBackgroundSession, sessionCreatedHere } from './backgroundSessionCalls';
import type { Rule } from './ruleTypes';

export const dataTaskOnBackgroundSession: Rule = {
  meta: {
    id: 'data-task-on-background-session',
    severity: 'warning',
    fix: 'none',
    summary: 'A data task on a background session: it only runs while the app is not suspended.',
  },
  check(context) {
    // A delegate that answers `.becomeDownload` turns data tasks into downloads that do continue.
    for (const facts of context.workspace.allFacts()) if (facts.notableIdentifiers.includes('becomeDownload')) return;
    for (const { call, sessions, via } of callsOnBackgroundSession(context, ['dataTask'])) {
      if (call.hasCompletionHandler) continue; // completion-handler-on-background-session reports those
      context.report({
        span: call.callSpan,
        message: 'Data tasks on a background session stop when the app is suspended; use a download task (or an upload from a file) for work that must finish in the background.',
        related: sessionCreatedHere(sessions, via),
      });
    }
  },
};
