// What a function does through the helpers it calls: the method calls made by the workspace
// functions it reaches, a few calls deep, with the call in the function itself that leads there
// (where a finding about the helper is reported, naming it).
import type { CallSite, FunctionFact, MethodCall } from '../facts/facts';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

export interface CallInHelper {
  call: MethodCall;
  /** The helper whose body makes the call. */
  helper: FunctionFact;
  /** The call in the starting function that leads to the helper. */
  through: CallSite;
}

/** Helpers are followed this many calls deep: far enough for real code, and recursion ends. */
const maxHelperDepth = 3;

export function callsInHelpers(workspace: WorkspaceIndex, fn: FunctionFact, methods: readonly string[]): CallInHelper[] {
  const found: CallInHelper[] = [];
  const seen = new Set<number>([fn.id]);
  let frontier = workspace.callSitesIn(fn.id).map((site) => ({ site, through: site }));
  for (let depth = 0; depth < maxHelperDepth && frontier.length > 0; depth++) {
    const next: typeof frontier = [];
    for (const { site, through } of frontier) {
      for (const helper of workspace.callGraph.calleesOf(site)) {
        if (seen.has(helper.id)) continue;
        seen.add(helper.id);
        for (const call of workspace.methodCallsIn(helper.id)) if (methods.includes(call.method)) found.push({ call, helper, through });
        for (const inner of workspace.callSitesIn(helper.id)) next.push({ site: inner, through });
      }
    }
    frontier = next;
  }
  return found;
}
