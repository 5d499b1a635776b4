// handleEvents drops its completion handler on some path: neither called, stored nor passed on.
import type { CompletionHandlerFacts, HandleEventsFact } from '../facts/delegateFacts';
import type { CallSite } from '../facts/facts';
import { parametersReceiving } from './handleEvents';
import type { Rule, RuleContext } from './ruleTypes';

export const completionHandlerNotCalled: Rule = {
  meta: {
    id: 'completion-handler-not-called',
    severity: 'error',
    fix: 'none',
    summary: 'The handleEvents completion handler is neither called, stored nor passed on, on some path.',
  },
  check(context) {
    for (const form of context.facts.delegate.handleEvents) {
      const handler = form.handler;
      if (!handler) continue;
      const where = describe(form);
      if (!handler.mentioned) {
        context.report({
          span: handler.nameSpan,
          message: `${where} never calls, stores or passes on '${handler.name}'; the system waits for it to take a new snapshot of the app and to let the app suspend again.`,
        });
        continue;
      }
      for (const exit of handler.droppingExits) {
        context.report({
          span: exit,
          message: `This path leaves ${where} without calling, storing or passing on '${handler.name}', so the system is never told that the events were handled.`,
        });
      }
      if (handler.dropsAtEnd) {
        context.report({
          span: handler.nameSpan,
          message: `On some path ${where} ends without calling, storing or passing on '${handler.name}', so the system is never told that the events were handled.`,
        });
      }
      reportHelpersThatDrop(context, form, handler);
    }
  },
};

/** The handler is passed on to a workspace function (a protocol implementation included) that drops it on some path. */
function reportHelpersThatDrop(context: RuleContext, form: HandleEventsFact, handler: CompletionHandlerFacts): void {
  if (form.functionId === undefined) return;
  const identifier = context.workspace.functionById(form.functionId)?.params[1]?.name;
  // An app delegate forwarding to a hundred helpers passes the handler a hundred times under one
  // name: each call is judged once, not once per forward.
  const outcomes = new Map<string, Parameters<RuleContext['report']>[0] | undefined>();
  const judge = (site: CallSite, index: number) => {
    for (const { callee: helper, paramIndex } of parametersReceiving(context.workspace, site, index)) {
      const paths = context.workspace
        .get(helper.file)
        ?.delegate.closureParameterPaths.find((entry) => entry.functionId === helper.id && entry.paramIndex === paramIndex)?.paths;
      if (!paths) continue;
      // A helper that drops the handler only for another session's identifier handles this one's.
      const passesIdentifier = !!identifier && site.argumentTexts.some((text) => text.trim() === identifier);
      const drops = passesIdentifier ? paths.droppingExits.filter((exit) => !paths.identifierExits.some((foreign) => foreign.start === exit.start)) : paths.droppingExits;
      if (paths.mentioned && !paths.dropsAtEnd && drops.length === 0) continue;
      return {
        span: site.span,
        message: `'${handler.name}' is passed on to '${helper.name}', which on some path neither calls, stores nor passes it on, so the system is never told that the events were handled.`,
        related: [{ file: helper.file, span: drops[0] ?? paths.nameSpan, message: `'${helper.name}' drops it here.` }],
      };
    }
    return undefined;
  };
  const sites = context.workspace.callSitesIn(form.functionId);
  // `passedTo` has an entry per call: each (callee, argument) pair once, or every call is reported once per call.
  const pairs = new Map(handler.passedTo.map((passed) => [`${passed.callee}\0${passed.index}`, passed]));
  for (const passed of pairs.values()) {
    for (const [siteIndex, site] of sites.entries()) {
      if (site.name !== passed.callee || site.argumentTexts[passed.index]?.trim() !== handler.name) continue;
      const key = `${siteIndex}:${passed.index}`;
      if (!outcomes.has(key)) outcomes.set(key, judge(site, passed.index));
      const report = outcomes.get(key);
      if (report) context.report(report);
    }
  }
}

function describe(form: HandleEventsFact): string {
  return form.form === 'widget' ? 'onBackgroundURLSessionEvents' : 'handleEventsForBackgroundURLSession';
}
