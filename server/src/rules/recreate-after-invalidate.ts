// A background session rebuilt with the same identifier right after it was invalidated, before
// urlSession(_:didBecomeInvalidWithError:) ran: the system hands back the invalidated session.
import type { Node } from 'web-tree-sitter';
import type { ConfigCreation, FunctionFact, MethodCall, SessionCreation, Span } from '../facts/facts';
import { didBecomeInvalidSelector } from './appEntryPoints';
import { identifierValue } from './identifierConflicts';
import type { Rule, RuleContext } from './ruleTypes';
import { invalidationMethods } from './backgroundSessionCalls';


export const recreateAfterInvalidate: Rule = {
  meta: {
    id: 'recreate-after-invalidate',
    severity: 'error',
    fix: 'none',
    summary: 'A background session rebuilt with the same identifier right after invalidating it, before urlSession(_:didBecomeInvalidWithError:) ran.',
  },
  check(context) {
    const reported = new Set<number>();
    for (const call of context.facts.methodCalls) {
      if (!invalidationMethods.includes(call.method)) continue;
      const invalidated = context.workspace.backgroundSessions(call.receiver);
      if (!invalidated) continue;
      const fn = context.workspace.functionById(call.functionId);
      if (!fn || runsOnlyOnceInvalid(context, fn)) continue;
      const configs = configsOf(context, invalidated);
      for (const rebuild of rebuildsAfter(context, fn, call)) {
        if (reported.has(rebuild.span.start)) continue;
        if (!rebuild.sessions.some((session) => configsOf(context, [session]).some((config) => configs.some((old) => sameIdentifier(context, old, config))))) continue;
        if (exclusiveBranches(context, call.span, rebuild.span)) continue;
        reported.add(rebuild.span.start);
        context.report({
          span: rebuild.span,
          message: `This background session is rebuilt with the identifier of the session ${call.method}() was just called on; until urlSession(_:didBecomeInvalidWithError:) has run, the system hands back the invalidated session and its next task fails.`,
          related: [{ file: call.file, span: call.callSpan, message: 'The session is invalidated here.' }],
        });
      }
    }
  },
};

/** didBecomeInvalidWithError itself, or a function only it calls: the old session is gone by then. */
function runsOnlyOnceInvalid(context: RuleContext, fn: FunctionFact): boolean {
  if (fn.selector === didBecomeInvalidSelector) return true;
  const sites = context.workspace.callGraph.callersOf(fn);
  return sites.length > 0 && sites.every((site) => context.workspace.functionById(site.functionId)?.selector === didBecomeInvalidSelector);
}

interface Rebuild {
  span: Span;
  sessions: SessionCreation[];
}

/** Background sessions created in `fn` after the call, directly or by a helper or factory it calls (resolved by the call graph). */
function rebuildsAfter(context: RuleContext, fn: FunctionFact, call: MethodCall): Rebuild[] {
  const found: Rebuild[] = [];
  for (const session of context.facts.sessionCreations) {
    if (session.context.functionId === fn.id && session.span.start >= call.span.end) found.push({ span: session.span, sessions: [session] });
  }
  for (const site of context.facts.callSites) {
    if (site.functionId !== fn.id || site.span.start < call.span.end) continue;
    const helpers = context.workspace.callGraph.calleesOf(site).filter((helper) => helper.id !== fn.id);
    const sessions = helpers.flatMap((helper) => (context.workspace.get(helper.file)?.sessionCreations ?? []).filter((session) => session.context.functionId === helper.id));
    if (sessions.length > 0) found.push({ span: site.span, sessions });
  }
  return found;
}

function configsOf(context: RuleContext, sessions: SessionCreation[]): ConfigCreation[] {
  return sessions.flatMap((session) => context.workspace.backgroundConfigs(session.configuration) ?? []);
}

/**
 * Same value: the same literal or constant (by value, or by name when it cannot be resolved), or
 * the same configuration call. An identifier made afresh from a random value each time names a
 * new session, even when the same code makes it.
 */
function sameIdentifier(context: RuleContext, a: ConfigCreation, b: ConfigCreation): boolean {
  if (isRandom(context, a) || isRandom(context, b)) return false;
  if (a === b) return true;
  const valueA = identifierValue(context.workspace, a);
  const valueB = identifierValue(context.workspace, b);
  if (valueA !== undefined && valueB !== undefined) return valueA === valueB;
  const idA = a.identifier;
  const idB = b.identifier;
  if (idA.kind === 'expression' && idB.kind === 'expression') {
    // A parameter is only the same identifier within one function.
    if (idA.value.kind === 'param' || idB.value.kind === 'param') return false;
    return idA.text === idB.text;
  }
  if (idA.kind === 'interpolated' && idB.kind === 'interpolated') return idA.text === idB.text;
  return false;
}

function isRandom(context: RuleContext, config: ConfigCreation): boolean {
  const identifier = config.identifier;
  if (identifier.kind === 'interpolated') return identifier.random;
  return identifier.kind === 'expression' && context.workspace.evaluate(identifier.value).kind === 'random';
}

/** The invalidation and the rebuild sit in different branches of one `if` or `switch`: never both run. */
function exclusiveBranches(context: RuleContext, a: Span, b: Span): boolean {
  const tree = context.parsed.tree;
  const nodeA = tree.rootNode.descendantForIndex(a.start, Math.max(a.start, a.end - 1));
  const nodeB = tree.rootNode.descendantForIndex(b.start, Math.max(b.start, b.end - 1));
  const ancestorsA: Node[] = [];
  for (let node: Node | null = nodeA; node; node = node.parent) ancestorsA.push(node);
  for (let node: Node | null = nodeB, child: Node | null = null; node; child = node, node = node.parent) {
    const index = ancestorsA.findIndex((candidate) => candidate.equals(node!));
    if (index < 0) continue;
    const childA = index > 0 ? ancestorsA[index - 1] : undefined;
    if (!childA || !child || childA.equals(child)) return false;
    const isBranch = (branch: Node) => branch.type === 'statements' || branch.type === 'if_statement'; // not the condition
    if (node.type === 'if_statement') return isBranch(childA) && isBranch(child);
    if (node.type === 'switch_statement') return childA.type === 'switch_entry' && child.type === 'switch_entry';
    return false;
  }
  return false;
}
