// didFinishDownloadingTo's `location` used after the method returns: the file is gone by then.
import { selectors } from '../facts/selectors';
import type { FunctionFact, ValueExpr } from '../facts/facts';
import { argumentFor } from '../flow/callGraph';
import type { Rule, RuleContext } from './ruleTypes';

const consequence = 'but the system deletes the downloaded file as soon as the method returns; move or read the file synchronously inside the method.';

export const downloadLocationEscapes: Rule = {
  meta: {
    id: 'download-location-escapes',
    severity: 'error',
    fix: 'none',
    summary: 'In urlSession(_:downloadTask:didFinishDownloadingTo:), the downloaded file\'s location is used by work that runs after the method returns.',
  },
  check(context) {
    for (const escape of context.facts.delegate.locationEscapes) {
      const name = context.text.slice(escape.span.start, escape.span.end);
      const how =
        escape.how === 'stored'
          ? `'${name}' is stored for later`
          : escape.how === 'afterAwait'
            ? `'${name}' is used after an await`
            : `'${name}' is used in work that runs after didFinishDownloadingTo returns`;
      context.report({ span: escape.span, message: `${how}, ${consequence}` });
    }
    for (const fn of context.facts.functions) {
      if (fn.selector === selectors.didFinishDownloading && fn.params.length === 3) reportHelpersThatKeepLocation(context, fn);
    }
  },
};

/** `location` handed to a helper that uses it later (inside `queue.async`, a Task, or stored). */
function reportHelpersThatKeepLocation(context: RuleContext, callback: FunctionFact): void {
  const ownEscapes = context.facts.delegate.locationEscapes.filter((escape) => escape.functionId === callback.id);
  for (const site of context.workspace.callSitesIn(callback.id)) {
    // Already reported in the callback itself: the call runs later anyway.
    if (ownEscapes.some((escape) => escape.span.start >= site.span.start && escape.span.end <= site.span.end)) continue;
    for (const helper of context.workspace.callGraph.calleesOf(site)) {
      const escapes = context.workspace.get(helper.file)?.delegate.urlParameterEscapes ?? [];
      const kept = escapes.find((escape) => {
        if (escape.functionId !== helper.id) return false;
        const argument = argumentFor(helper, site, escape.paramIndex);
        return !!argument && isParameter(argument, callback.id, 2);
      });
      if (!kept) continue;
      context.report({
        span: site.span,
        message: `'${helper.name}' is given the downloaded file's location and uses it after didFinishDownloadingTo returns, ${consequence}`,
        related: [{ file: helper.file, span: kept.span, message: `'${helper.name}' uses the location here, later.` }],
      });
      break;
    }
  }
}

function isParameter(value: ValueExpr, functionId: number, index: number): boolean {
  if (value.kind === 'param') return value.functionId === functionId && value.index === index;
  return value.kind === 'union' && value.values.some((part) => isParameter(part, functionId, index));
}
