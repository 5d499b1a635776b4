// handleEvents keeps the completion handler but never creates or touches the session.
import type { Node } from 'web-tree-sitter';
import type { FunctionFact, Span } from '../facts/facts';
import { calleeNameAndReceiver, descendantsOfTypes, firstNamedOfType, namedChildren, readCall, spanOf } from '../facts/syntax';
import { selectors } from '../facts/selectors';
import { appLaunchSelectors } from './appEntryPoints';
import { bodyOf, handleEventsFunctions, handlerStorage, memberChain, parametersReceiving, referencesTo } from './handleEvents';
import type { Rule, RuleContext } from './ruleTypes';
import { callSiteAt } from './nodeAt';

export const handleEventsWithoutSession: Rule = {
  meta: {
    id: 'handle-events-without-session',
    severity: 'warning',
    fix: 'none',
    summary: 'handleEvents keeps the completion handler but never creates (or touches) the background session, so its events are never delivered.',
  },
  check(context) {
    if (!anyBackgroundSession(context)) return;
    for (const fn of handleEventsFunctions(context.facts)) {
      if (fn.selector !== selectors.handleEvents) continue;
      const body = bodyOf(context.parsed.tree.rootNode, fn);
      const handler = fn.params[2]?.name;
      if (!body || !handler) continue;
      // Where the body keeps the handler, found once: the branches below ask by range.
      const keeping = keepingSpans(context, fn, body, handler);
      const keepsHandler = (node: Node) => keeping.some((span) => span.start >= node.startIndex && span.end <= node.endIndex);
      if (!keepsHandler(body)) continue;
      if (launchTouchesSession(context, fn)) continue;
      if (!touchesSession(context, [body], fn)) {
        context.report({
          span: fn.nameSpan,
          message:
            'This method keeps the completion handler but never creates or reads the background session; the system delivers the waiting events only once the session with that identifier exists again, so the handler is never called.',
        });
        continue;
      }
      // `if identifier == A { wake A } else { keep the handler only }`: the other identifiers' session stays asleep.
      const branching = identifierBranches(body, fn.params[1]?.name);
      if (!branching || touchesSession(context, branching.rest, fn)) continue;
      const asleep = branching.branches.find((branch) => keepsHandler(branch) && !touchesSession(context, [branch], fn));
      if (!asleep) continue;
      context.report({
        span: fn.nameSpan,
        message:
          'On one branch for the identifier, this method keeps the completion handler but never creates or reads a background session; the system delivers those events only once the session with that identifier exists again, so the handler is never called.',
        related: [{ file: context.file, span: spanOf(asleep), message: 'This branch keeps the handler without touching a session.' }],
      });
    }
  },
};

/**
 * Where the body keeps the handler: the assignments that store it, and the calls that hand it to
 * a workspace method that stores it (`service.setCompletionHandler(handler)`).
 */
function keepingSpans(context: RuleContext, fn: FunctionFact, body: Node, handler: string): Span[] {
  const spans = handlerStorage(body, handler).map(({ assignment }) => spanOf(assignment));
  for (const site of context.workspace.callSitesIn(fn.id)) {
    if (site.span.start < body.startIndex || site.span.end > body.endIndex) continue;
    const index = site.argumentTexts.findIndex((text) => text.trim() === handler);
    if (index < 0) continue;
    const stores = parametersReceiving(context.workspace, site, index).some(({ callee, paramIndex }) =>
      (context.workspace.get(callee.file)?.delegate.parameterStores ?? []).some((store) => store.functionId === callee.id && store.paramIndex === paramIndex),
    );
    if (stores) spans.push(site.span);
  }
  return spans;
}

function anyBackgroundSession(context: RuleContext): boolean {
  for (const facts of context.workspace.allFacts()) {
    if (facts.sessionCreations.some((session) => context.workspace.backgroundConfigs(session.configuration))) return true;
  }
  return false;
}

/** Application launch code in this file that already touches a session covers handleEvents too. */
function launchTouchesSession(context: RuleContext, fn: FunctionFact): boolean {
  return context.facts.functions.some((other) => {
    if (other.typeName !== fn.typeName || !appLaunchSelectors.includes(other.selector)) return false;
    const body = bodyOf(context.parsed.tree.rootNode, other);
    return !!body && touchesSession(context, [body], other);
  });
}

/**
 * The branches of the first top-level `if` or `switch` on the identifier, and the statements
 * around it. A branch that is left out (no `else`) keeps nothing, so it never matters.
 */
function identifierBranches(body: Node, identifier: string | undefined): { branches: Node[]; rest: Node[] } | undefined {
  if (!identifier || identifier === '_') return undefined;
  const statements = namedChildren(firstNamedOfType(body, 'statements') ?? body);
  const mentionsIdentifier = (node: Node) => referencesTo(node, identifier).length > 0;
  for (const statement of statements) {
    let branches: Node[] = [];
    if (statement.type === 'if_statement') branches = ifBranches(statement, mentionsIdentifier);
    else if (statement.type === 'switch_statement' && mentionsIdentifier(statement.childForFieldName('expr') ?? statement)) {
      branches = namedChildren(statement).filter((child) => child.type === 'switch_entry');
    }
    if (branches.length > 0) return { branches, rest: statements.filter((other) => other !== statement) };
  }
  return undefined;
}

/** The blocks of `if c {…} else if d {…} else {…}` when its first condition reads the identifier. */
function ifBranches(statement: Node, mentionsIdentifier: (node: Node) => boolean): Node[] {
  const conditions = namedChildren(statement).filter((child) => child.type !== 'statements' && child.type !== 'if_statement' && child.type !== 'comment');
  if (!conditions.some(mentionsIdentifier)) return [];
  const branches: Node[] = [];
  for (const child of namedChildren(statement)) {
    if (child.type === 'statements') branches.push(child);
    else if (child.type === 'if_statement') branches.push(...ifBranches(child, () => true));
  }
  return branches;
}

/**
 * Does any expression in `nodes` make or may reach a background session: a session value, an
 * instance of a type that builds one eagerly, a method called on a type that owns one, or a call
 * of a workspace function (its effect is unknown: silence over a false alarm)?
 */
function touchesSession(context: RuleContext, nodes: Node[], fn: FunctionFact): boolean {
  return nodes.some((node) => touchesSessionIn(context, node, fn));
}

const expressionTypes = new Set(['navigation_expression', 'call_expression', 'simple_identifier']);

function touchesSessionIn(context: RuleContext, body: Node, fn: FunctionFact): boolean {
  const [start, end] = [body.startIndex, body.endIndex];
  if (context.facts.sessionCreations.some((session) => session.span.start >= start && session.span.end <= end)) return true;
  const owners = sessionOwners(context);
  // Walked lazily: the first expression that touches a session ends the walk.
  for (const node of descendantsOfTypes(body, expressionTypes)) {
    // A bare name (`[sessionManager1, …]`) may be a stored member holding a session owner.
    if (node.type === 'simple_identifier' && node.parent?.type === 'navigation_suffix') continue;
    if (node.type === 'call_expression') {
      // `Owner.handlers[id] = handler` writes a static dictionary: Swift initializes each static
      // property on first use, so the type's session is not made by it.
      if (isSubscript(node)) continue;
      const call = readCall(node);
      if (!call) continue;
      const { name, receiver } = calleeNameAndReceiver(call.callee);
      if (name && !receiver && isWorkspaceFunction(context, name.text)) return true;
      // `Owner()`: an instance whose initializer (or stored property) makes the session.
      if (name && !receiver) {
        const value = context.workspace.evaluate({ kind: 'call', callee: memberChain(call.callee, fn.typeName), labels: call.args.map((arg) => arg.label), args: [], span: spanOf(node) });
        if (value.kind === 'instance' && owners.eager.has(value.typeName)) return true;
      }
      if (receiver) {
        const value = context.workspace.evaluate(memberChain(receiver, fn.typeName));
        if ((value.kind === 'instance' || value.kind === 'metatype') && owners.all.has(value.typeName) && !onlyStores(context, fn, node)) return true;
        // A workspace method on a receiver we cannot type: its effect is unknown (silence over a false alarm).
        if (value.kind === 'unknown' && name && isWorkspaceFunction(context, name.text)) return true;
      }
      continue;
    }
    const value = context.workspace.evaluate(memberChain(node, fn.typeName));
    if (value.kind === 'bgSession') return true;
    if (value.kind === 'instance' && owners.eager.has(value.typeName)) return true;
  }
  return false;
}

/**
 * The call resolves to setters (`saveHandler(_:)`: every statement stores a parameter). A lazily
 * made session is then still not made, as with a plain assignment.
 */
function onlyStores(context: RuleContext, fn: FunctionFact, node: Node): boolean {
  const site = callSiteAt(context.workspace.callSitesIn(fn.id), spanOf(node));
  const callees = site ? context.workspace.callGraph.calleesOf(site) : [];
  return (
    callees.length > 0 &&
    callees.every((callee) => (context.workspace.get(callee.file)?.delegate.parameterStores ?? []).some((store) => store.functionId === callee.id && store.onlyStores))
  );
}

function isSubscript(call: Node): boolean {
  const suffix = call.namedChild(call.namedChildCount - 1);
  return suffix?.type === 'call_suffix' && suffix.text.startsWith('[');
}

function isWorkspaceFunction(context: RuleContext, name: string): boolean {
  return context.workspace.functionsNamed(name).length > 0;
}

const sessionOwnersKey = {};

/**
 * Types that create a background session: all of them, and those that do it in init or a stored
 * property. Computed once per workspace change: every expression of every branch asks.
 */
function sessionOwners(context: RuleContext): { all: Set<string>; eager: Set<string> } {
  return context.workspace.derived(sessionOwnersKey, () => findSessionOwners(context));
}

function findSessionOwners(context: RuleContext): { all: Set<string>; eager: Set<string> } {
  const all = new Set<string>();
  const eager = new Set<string>();
  for (const facts of context.workspace.allFacts()) {
    for (const session of facts.sessionCreations) {
      const typeName = session.context.typeName;
      if (!typeName || !context.workspace.backgroundConfigs(session.configuration)) continue;
      all.add(typeName);
      const creator = context.workspace.functionById(session.context.functionId);
      const property = session.context.property;
      const inInit = creator?.kind === 'init' || (creator !== undefined && calledFromInit(context, creator));
      if (inInit || (!creator && property && !property.isLazy && !property.isComputed && !property.isStatic)) eager.add(typeName);
    }
  }
  return { all, eager };
}

/** `init() { …; configureSession() }`: a helper of the same type that an initializer calls. */
function calledFromInit(context: RuleContext, fn: FunctionFact): boolean {
  return context.workspace.callSitesNamed(fn.name).some((site) => {
    const caller = context.workspace.functionById(site.functionId);
    return caller?.kind === 'init' && caller.typeName === fn.typeName;
  });
}
