// The async handleEvents forms complete when they return: returning before the events are over is too early.
import type { AwaitFact } from '../facts/delegateFacts';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import type { Rule } from './ruleTypes';

export const asyncHandleEventsReturnsEarly: Rule = {
  meta: {
    id: 'async-handle-events-returns-early',
    severity: 'warning',
    fix: 'none',
    summary: 'The async handleEvents variant or a SwiftUI .backgroundTask(.urlSession…) action returns without awaiting the end of the session\'s events.',
  },
  check(context) {
    for (const form of context.facts.delegate.handleEvents) {
      if (!form.awaits || mayWait(context.workspace, form.awaits, new Set(), 0)) continue;
      const what =
        form.form === 'swiftUI'
          ? 'This .backgroundTask(.urlSession…) action completes when it returns'
          : 'The async handleEventsForBackgroundURLSession completes when it returns';
      context.report({
        span: form.span,
        message: `${what}, and it returns without awaiting the end of the session's events (a continuation resumed from urlSessionDidFinishEvents(forBackgroundURLSession:)), so the app may be suspended before its delegate sees them.`,
      });
    }
  },
};

/**
 * True when some await may last until the events are over. Only awaits known to return at once
 * (`session.allTasks`, `MainActor.run`, `Task.yield`, workspace functions that await nothing else)
 * do not; anything the workspace cannot look into counts as waiting.
 */
function mayWait(workspace: WorkspaceIndex, awaits: AwaitFact[], visiting: Set<string>, depth: number): boolean {
  for (const awaited of awaits) {
    if (awaited.kind === 'sessionTasks' || awaited.kind === 'mainActorRun' || awaited.kind === 'yield') continue;
    if (awaited.kind !== 'call' || !awaited.callee || depth >= 4 || visiting.has(awaited.callee)) return true;
    const summaries = [];
    let declared = 0;
    for (const facts of workspace.allFacts()) {
      for (const fn of facts.functions) {
        if (fn.name !== awaited.callee) continue;
        declared++;
        const summary = facts.delegate.asyncFunctions.find((entry) => entry.functionId === fn.id);
        if (summary) summaries.push(summary);
      }
    }
    if (declared === 0 || summaries.length !== declared) return true;
    visiting.add(awaited.callee);
    const waits = summaries.some((summary) => mayWait(workspace, summary.awaits, visiting, depth + 1));
    visiting.delete(awaited.callee);
    if (waits) return true;
  }
  return false;
}
