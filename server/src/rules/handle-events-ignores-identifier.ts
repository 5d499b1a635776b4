// handleEvents never reads `identifier` although more than one background session exists.
import { identifierValue } from './identifierConflicts';
import { bodyOf, handleEventsFunctions, parameterNode, referencesTo } from './handleEvents';
import { sessionCacheFix } from './sessionCacheFix';
import type { Rule, RuleContext } from './ruleTypes';
import { isExtension, processTargetsOf } from './targets';

export const handleEventsIgnoresIdentifier: Rule = {
  meta: {
    id: 'handle-events-ignores-identifier',
    severity: 'warning',
    seed: 'S1',
    fix: 'quick',
    summary: 'handleEventsForBackgroundURLSession ignores its identifier although the workspace makes several background sessions (or an extension makes one).',
  },
  check(context) {
    const reason = whyIdentifierMatters(context);
    if (!reason) return;
    for (const fn of handleEventsFunctions(context.facts)) {
      const identifier = fn.params[1];
      const body = bodyOf(context.parsed.tree.rootNode, fn);
      if (!identifier || !body || identifier.name === '_') continue;
      if (referencesTo(body, identifier.name).length > 0) continue;
      const parameter = parameterNode(context.parsed.tree.rootNode, fn, 'handleEventsForBackgroundURLSession');
      context.report({
        span: parameter ? { start: parameter.startIndex, end: parameter.endIndex } : fn.nameSpan,
        message: `The system passes the identifier of the session whose events are waiting, but this method never reads it although ${reason}; rebuild the session for that identifier.`,
        fixes: sessionCacheFix(context, fn, identifier.name),
      });
    }
  },
};

/** Why one session per app is not enough here, or undefined when it is. */
function whyIdentifierMatters(context: RuleContext): string | undefined {
  const mine = processTargetsOf(context.project, context.file);
  const identifiers = new Set<string>();
  let unresolved = 0;
  for (const facts of context.workspace.allFacts()) {
    const theirs = processTargetsOf(context.project, facts.file);
    const hostedExtension = theirs.some((target) => isExtension(target) && mine.some((app) => target.hostApps.includes(app.name)));
    // Another app's sessions (a second sample app in the repository) are not this app's events.
    const sameProcess = mine.length === 0 || theirs.length === 0 || theirs.some((target) => mine.some((app) => app.name === target.name));
    if (!sameProcess && !hostedExtension) continue;
    for (const config of facts.configCreations) {
      if (hostedExtension || (mine.length === 0 && theirs.some(isExtension))) return 'an app extension makes a background session too';
      const value = identifierValue(context.workspace, config);
      if (value === undefined) unresolved++;
      else identifiers.add(value);
    }
  }
  return identifiers.size + unresolved > 1 ? 'the workspace makes more than one background session' : undefined;
}
