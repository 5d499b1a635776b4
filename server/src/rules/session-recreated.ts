// A background session built again and again (computed property, per request, a struct's lazy var).
import { selectors } from '../facts/selectors';
import type { CallSite, ConfigCreation, FunctionFact, SessionCreation } from '../facts/facts';
import { isTestCode } from './testCode';
import { argumentFor } from '../flow/callGraph';
import type { Rule, RuleContext } from './ruleTypes';
import { invalidationMethods } from './backgroundSessionCalls';
import { processTargetsOf } from './targets';

const taskMethods = ['dataTask', 'downloadTask', 'uploadTask', 'webSocketTask', 'streamTask', 'data', 'download', 'upload', 'bytes'];
const didBecomeInvalid = selectors.didBecomeInvalid;

export const sessionRecreated: Rule = {
  meta: {
    id: 'session-recreated',
    severity: 'error',
    fix: 'none',
    summary: 'A background session built more than once (computed property, per request, lazy var of a struct): events go to the first one and the others leak.',
  },
  check(context) {
    for (const session of context.facts.sessionCreations) {
      if (!context.workspace.backgroundConfigs(session.configuration)) continue;
      // "Already exists" needs the same identifier every time; a random or handed-in one makes a
      // new session each time (identifier-random says what is wrong with that).
      if (!sameIdentifierEachTime(context, session)) {
        const leaking = leakedPerCall(context, session);
        if (leaking) {
          context.report({
            span: session.span,
            message: `Each call of '${leaking.name}' makes another background session with a new random identifier and starts tasks on it, and nothing invalidates these sessions, so every call leaks one.`,
          });
        }
        continue;
      }
      const where = recreatedWhere(context, session);
      if (!where) continue;
      context.report({
        span: session.span,
        message: `This background session is created again ${where}; the system then logs "A background URLSession with identifier … already exists", events go to the first session's delegate, and every extra session leaks.`,
      });
    }
    reportExtraInstances(context);
  },
};

/**
 * A class whose initializer or instance property makes a background session with a fixed
 * identifier makes one per instance: every instantiation beyond the one a `static let` keeps
 * makes another session with the same identifier.
 */
function reportExtraInstances(context: RuleContext): void {
  let perInstance: Map<string, SessionCreation[]> | undefined;
  for (const site of context.facts.callSites) {
    // Tests build throwaway instances on purpose.
    if (site.receiver || !context.workspace.hasType(site.name) || context.workspace.isTestCode(site.file, site.typeName)) continue;
    if (isStaticStored(site)) continue;
    // One pass over the workspace's sessions per file, not one per call of a type.
    perInstance ??= sessionsPerInstance(context);
    const sessions = perInstance.get(site.name) ?? [];
    if (sessions.length === 0) continue;
    const all = instantiations(context, site.name, sessions[0].file).filter((other) => makesSession(context, other, sessions));
    if (!all.includes(site)) continue;
    const count = all.reduce((sum, other) => sum + (other.inLoop || runsRepeatedly(context, other) ? 2 : 1), 0);
    if (count < 2) continue;
    const kept = all.find(isStaticStored);
    context.report({
      span: site.span,
      message: `Each '${site.name}' makes its own background session with the same identifier, and '${site.name}' is instantiated ${kept ? 'here besides the shared instance' : `in ${all.length > 1 ? `${all.length} places` : 'code that runs more than once'}`}; the system then logs "A background URLSession with identifier … already exists" and events go to the first session only. Keep one instance.`,
      related: sessions.slice(0, 2).map((session) => ({ file: session.file, span: session.span, message: 'The background session is created here, once per instance.' })),
    });
  }
}

/** Sessions each class makes per instance: in an initializer, or in a stored or lazy instance property. */
function sessionsPerInstance(context: RuleContext): Map<string, SessionCreation[]> {
  const found = new Map<string, SessionCreation[]>();
  for (const facts of context.workspace.allFacts()) {
    for (const session of facts.sessionCreations) {
      const { property, functionId, typeName } = session.context;
      if (!typeName || session.context.typeKind !== 'class') continue;
      const inInit = context.workspace.functionById(functionId)?.kind === 'init';
      const inInstanceProperty = !functionId && !!property && !property.isStatic && !property.isComputed;
      if (!(inInit || inInstanceProperty) || !context.workspace.backgroundConfigs(session.configuration) || !fixedIdentifier(context, session)) continue;
      const list = found.get(typeName);
      if (list) list.push(session);
      else found.set(typeName, [session]);
    }
  }
  return found;
}

/**
 * The identifier is one constant for every instance: a literal or a resolved constant. An
 * interpolation (`"downloads.\(bookID)"`) may differ per instance, so it does not count here.
 */
function fixedIdentifier(context: RuleContext, session: SessionCreation): boolean {
  const value = context.workspace.evaluate(session.configuration);
  if (value.kind !== 'bgConfig') return false;
  return value.configs.every(({ identifier }) => identifier.kind === 'literal' || (identifier.kind === 'expression' && context.workspace.evaluate(identifier.value).kind === 'string'));
}

/** Instantiations in code that can see this declaration: two projects may each have a type of that name. */
function instantiations(context: RuleContext, typeName: string, declaredIn: string): CallSite[] {
  const module = moduleOf(context, declaredIn);
  return context.workspace
    .callSitesNamed(typeName)
    .filter((site) => !site.receiver && !context.workspace.isTestCode(site.file, site.typeName) && fitsInitializers(context, site, typeName))
    .filter((site) => module.size === 0 || [...moduleOf(context, site.file)].some((name) => module.has(name)));
}

/** The instantiation runs code that makes the session: its initializer does, or an instance property does. */
function makesSession(context: RuleContext, site: CallSite, sessions: SessionCreation[]): boolean {
  const initializers = new Set(sessions.map((session) => session.context.functionId).filter((id) => context.workspace.functionById(id)?.kind === 'init'));
  if (sessions.some((session) => !initializers.has(session.context.functionId))) return true;
  return context.workspace.callGraph.calleesOf(site).some((fn) => initializers.has(fn.id));
}

/** The call's arguments fit one of the class's initializers (`init()` when it declares none): another type of the same name's call does not. */
function fitsInitializers(context: RuleContext, site: CallSite, typeName: string): boolean {
  if (context.workspace.functionsOf(typeName, 'init').length === 0) return site.labels.length === 0 && site.trailingClosures === 0;
  return context.workspace.callGraph.calleesOf(site).length > 0;
}

function moduleOf(context: RuleContext, file: string): Set<string> {
  return new Set(processTargetsOf(context.project, file).map((target) => target.name));
}

function isStaticStored(site: CallSite): boolean {
  return !site.functionId && !!site.property?.isStatic && !site.property.isComputed;
}

function runsRepeatedly(context: RuleContext, site: CallSite): boolean {
  // A closure handed to something else (a DI container's factory) may run once or many times.
  if (site.inClosure) return false;
  if (site.property?.isComputed && !site.functionId) return true;
  const fn = context.workspace.functionById(site.functionId);
  return !!fn && fn.kind === 'function' && context.workspace.callGraph.callersOf(fn).length >= 2;
}

/** Describes why the creation runs more than once, or undefined when it runs once (or we cannot tell). */
function recreatedWhere(context: RuleContext, session: SessionCreation): string | undefined {
  const { property, typeKind, functionId } = session.context;
  const fn = context.workspace.functionById(functionId);
  if (session.context.inLoop) return 'on every pass of a loop';
  if (!fn && property) {
    if (property.isComputed) return session.context.stored ? undefined : `each time the computed property '${property.name}' is read`;
    if (property.isLazy && !property.isStatic && (typeKind === 'struct' || typeKind === 'enum')) {
      return `for every copy of the ${typeKind}: a lazy var '${property.name}' of a value type is initialized again in each copy`;
    }
    return undefined;
  }
  if (!fn || fn.kind !== 'function' || fn.selector === didBecomeInvalid) return undefined;
  if (startsTaskOnIt(context, fn, session)) return `each time '${fn.name}' runs, which also starts a task on it (a session per request)`;
  // A helper that (re)builds the stored session, called by code that then starts a task on it.
  const perRequest = invalidatesFirst(context, fn)
    ? undefined
    : context.workspace.callGraph
        .callersOf(fn)
        .map((site) => context.workspace.functionById(site.functionId))
        .find((caller) => caller && caller.kind === 'function' && caller.id !== fn.id && startsTaskOnIt(context, caller, session));
  if (perRequest) return `each time '${perRequest.name}' runs: it calls '${fn.name}' and starts a task on the new session (a session per request)`;
  const calls = repeatedCalls(context, fn);
  return calls ? `each time '${fn.name}' is called (${calls})` : undefined;
}

/** The function invalidates a session before it builds the new one (replacing it cleanly). */
function invalidatesFirst(context: RuleContext, fn: FunctionFact): boolean {
  return context.workspace.methodCallsIn(fn.id).some((call) => invalidationMethods.includes(call.method));
}

function startsTaskOnIt(context: RuleContext, fn: FunctionFact, session: SessionCreation): boolean {
  return context.workspace.methodCallsIn(fn.id).some(
    (call) =>
      taskMethods.includes(call.method) &&
      (context.workspace.backgroundSessions(call.receiver) ?? []).includes(session),
  );
}

function sameIdentifierEachTime(context: RuleContext, session: SessionCreation): boolean {
  const value = context.workspace.evaluate(session.configuration);
  if (value.kind !== 'bgConfig') return false;
  return value.configs.every((config) => {
    const identifier = config.identifier;
    if (identifier.kind === 'literal') return true;
    if (identifier.kind === 'interpolated') return !identifier.random;
    return identifier.kind === 'expression' && context.workspace.evaluate(identifier.value).kind === 'string';
  });
}

/**
 * A session with a random identifier made per call: the function returns it (or uses it) without
 * storing it, tasks are started on it, and nothing anywhere invalidates it. Each call leaves one
 * more session alive for good. Returns the function that makes it.
 */
function leakedPerCall(context: RuleContext, session: SessionCreation): FunctionFact | undefined {
  const fn = context.workspace.functionById(session.context.functionId);
  if (!fn || fn.kind !== 'function' || session.context.stored || session.context.inClosure || isTestCode(context.facts, context.workspace, context.project, fn.typeName)) return undefined;
  const value = context.workspace.evaluate(session.configuration);
  if (value.kind !== 'bgConfig') return undefined;
  // The call paths on which the identifier is random (a helper may also be given the system's identifier).
  const callers = context.workspace.callGraph.callersOf(fn);
  const randomPaths = value.configs.every((config) => isRandomIdentifier(context, config))
    ? callers
    : callers.filter((site) => value.configs.every((config) => randomArgument(context, config, fn, site)));
  if (randomPaths.length === 0) return undefined;
  // The caller keeps what the function returns (`lazy var session = makeSession()`): made once.
  if (randomPaths.some((site) => site.property && site.functionId === undefined)) return undefined;
  let tasks = false;
  for (const facts of context.workspace.allFacts()) {
    for (const call of facts.methodCalls) {
      const sessions = context.workspace.backgroundSessions(call.receiver);
      if (!sessions?.includes(session)) continue;
      if (invalidationMethods.includes(call.method)) return undefined;
      if (taskMethods.includes(call.method)) tasks = true;
    }
  }
  return tasks ? fn : undefined;
}

/** The configuration's identifier is `fn`'s parameter, and this call passes a random value for it. */
function randomArgument(context: RuleContext, config: ConfigCreation, fn: FunctionFact, site: CallSite): boolean {
  const identifier = config.identifier;
  if (identifier.kind !== 'expression' || identifier.value.kind !== 'param' || identifier.value.functionId !== fn.id) return false;
  const argument = argumentFor(fn, site, identifier.value.index);
  return !!argument && context.workspace.evaluate(argument).kind === 'random';
}

function isRandomIdentifier(context: RuleContext, config: ConfigCreation): boolean {
  const identifier = config.identifier;
  if (identifier.kind === 'interpolated') return identifier.random;
  return identifier.kind === 'expression' && context.workspace.evaluate(identifier.value).kind === 'random';
}

/** Why the function runs more than once: two call sites, a call in a loop or a computed getter. */
function repeatedCalls(context: RuleContext, fn: FunctionFact): string | undefined {
  const sites = context.workspace.callGraph.callersOf(fn).filter((site) => !isRebuildAfterInvalidation(context, site));
  if (sites.some((site) => site.inLoop)) return 'from a loop';
  if (sites.some((site) => site.property?.isComputed && !site.functionId)) return 'from a computed property';
  return sites.length >= 2 ? `from ${sites.length} places` : undefined;
}

/**
 * The call runs only once the session became invalid: inside didBecomeInvalidWithError, or in a
 * function that only such calls reach (`delegate.didBecomeInvalidation()` relaying it), two hops deep.
 */
function isRebuildAfterInvalidation(context: RuleContext, site: CallSite, depth = 0): boolean {
  const caller = context.workspace.functionById(site.functionId);
  if (!caller) return false;
  if (caller.selector === didBecomeInvalid) return true;
  if (depth >= 2 || caller.kind !== 'function') return false;
  const callers = context.workspace.callGraph.callersOf(caller);
  return callers.length > 0 && callers.every((other) => isRebuildAfterInvalidation(context, other, depth + 1));
}
