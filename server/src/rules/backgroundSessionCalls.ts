// Shared by the rules about calls on a background session: which calls of this file surely run
// on one, and where that session is made (the related location of every such finding).
import type { CallSite, MethodCall, SessionCreation } from '../facts/facts';
import type { RuleContext } from './ruleTypes';

export interface CallOnBackgroundSession {
  call: MethodCall;
  sessions: SessionCreation[];
  /** The call sites that hand the session in, when it arrives through a parameter or a wrapper. */
  via: CallSite[];
}

export function callsOnBackgroundSession(context: RuleContext, methods: readonly string[]): CallOnBackgroundSession[] {
  const found: CallOnBackgroundSession[] = [];
  for (const call of context.facts.methodCalls) {
    if (!methods.includes(call.method) || callsWorkspaceWrapper(context, call)) continue;
    const value = context.workspace.evaluate(call.receiver);
    if (value.kind === 'bgSession') found.push({ call, sessions: value.sessions, via: value.via ?? [] });
  }
  return found;
}

/**
 * A call of the workspace's own wrapper (`extension URLSession { func dataTask(request:completion:) }`):
 * the system API is called inside the wrapper, and reported there with this call as the path.
 */
function callsWorkspaceWrapper(context: RuleContext, call: MethodCall): boolean {
  const site = context.facts.callSites.find((candidate) => candidate.span.start === call.span.start && candidate.span.end === call.span.end);
  return !!site && context.workspace.callGraph.calleesOf(site).length > 0;
}

/**
 * "The background session is created here", for each place the session may come from, and the
 * call sites that pass it in when it crosses a function.
 */
export function sessionCreatedHere(sessions: SessionCreation[], via: CallSite[] = []): { file: string; span: SessionCreation['span']; message: string }[] {
  return [
    ...sessions.slice(0, 3).map((session) => ({
      file: session.file,
      span: session.span,
      message: 'The background session is created here.',
    })),
    ...via.slice(0, 3).map((site) => ({
      file: site.file,
      span: site.span,
      message: `The background session is passed in here (${site.name}).`,
    })),
  ];
}

/** The task this call creates is never resumed (a test hands it to a delegate method): it never transfers anything. */
export function neverRuns(context: RuleContext, call: MethodCall): boolean {
  return context.facts.neverResumedTasks.some((span) => span.start === call.span.start && span.end === call.span.end);
}

export function labelsAre(call: MethodCall, ...labels: (string | undefined)[]): boolean {
  return call.labels.length === labels.length && labels.every((label, i) => call.labels[i] === label);
}
