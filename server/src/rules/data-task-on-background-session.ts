// A delegate-based data task on a background session only runs while the app is not suspended.
import type { SessionCreation } from '../facts/facts';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { delegateTypeOf } from './backgroundDelegates';
import { callsOnBackgroundSession, neverRuns, sessionCreatedHere } from './backgroundSessionCalls';
import type { Rule } from './ruleTypes';

export const dataTaskOnBackgroundSession: Rule = {
  meta: {
    id: 'data-task-on-background-session',
    severity: 'warning',
    fix: 'none',
    summary: 'A data task on a background session: it only runs while the app is not suspended.',
  },
  check(context) {
    const converting = typesAnsweringBecomeDownload(context.workspace);
    for (const { call, sessions, via } of callsOnBackgroundSession(context, ['dataTask'])) {
      if (call.hasCompletionHandler) continue; // completion-handler-on-background-session reports those
      if (neverRuns(context, call)) continue; // the harm comes only when the task runs
      if (sessions.some((session) => mayBecomeDownload(context.workspace, session, converting))) continue;
      context.report({
        span: call.callSpan,
        message: 'Data tasks on a background session stop when the app is suspended; use a download task (or an upload from a file) for work that must finish in the background.',
        related: sessionCreatedHere(sessions, via),
      });
    }
  },
};

/** Types declared in a file that mentions `.becomeDownload`: their delegate methods may turn data tasks into downloads. */
function typesAnsweringBecomeDownload(workspace: WorkspaceIndex): Set<string> {
  const types = new Set<string>();
  for (const facts of workspace.allFacts()) {
    if (facts.notableIdentifiers.includes('becomeDownload')) for (const type of facts.types) types.add(type.name);
  }
  return types;
}

/**
 * The session's delegate may answer `.becomeDownload` (then its data tasks continue as downloads):
 * its class or a superclass is declared where `.becomeDownload` is written, or the delegate is not
 * known while some code of the workspace answers it.
 */
function mayBecomeDownload(workspace: WorkspaceIndex, session: SessionCreation, converting: Set<string>): boolean {
  if (converting.size === 0 || !session.hasDelegate) return false;
  const delegateType = delegateTypeOf(workspace, session);
  if (!delegateType) return true;
  return workspace.typeChain(delegateType).some((name) => converting.has(name));
}
