// handleEvents never reads `identifier` although the app and the extensions it hosts make
// background sessions with more than one identifier.
import type { ConfigCreation } from '../facts/facts';
import type { ProjectModel, Target } from '../project/projectModel';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { identifierValue } from './identifierConflicts';
import { bodyOf, handleEventsFunctions, parameterNode, referencesTo } from './handleEvents';
import { sessionCacheFix } from './sessionCacheFix';
import type { Rule, RuleContext } from './ruleTypes';
import { isExtension, processTargetsOf } from './targets';

export const handleEventsIgnoresIdentifier: Rule = {
  meta: {
    id: 'handle-events-ignores-identifier',
    severity: 'warning',
    fix: 'quick',
    summary: 'handleEventsForBackgroundURLSession ignores its identifier although the app and its extensions make background sessions with more than one identifier.',
  },
  check(context) {
    const functions = handleEventsFunctions(context.facts);
    if (functions.length === 0) return;
    const reason = whyIdentifierMatters(context);
    if (!reason) return;
    for (const fn of functions) {
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

/** The background configurations of one file and the processes that run its code. */
interface SessionSource {
  targets: Target[];
  configs: ConfigCreation[];
}

/** One index key per project model: the index depends on the facts and on the targets. */
const indexKeys = new WeakMap<ProjectModel, object>();
const noProjectKey = {};

/** Every file that makes a background configuration, with its process targets (built once per change). */
function sessionSources(workspace: WorkspaceIndex, project: ProjectModel | undefined): SessionSource[] {
  let key = project ? indexKeys.get(project) : noProjectKey;
  if (!key) indexKeys.set(project!, (key = {}));
  return workspace.derived(key, () => {
    const sources: SessionSource[] = [];
    for (const facts of workspace.allFacts()) {
      if (facts.configCreations.length > 0) sources.push({ targets: processTargetsOf(project, facts.file), configs: facts.configCreations });
    }
    return sources;
  });
}

/**
 * What tells two identifiers apart: the resolved string, else the identifier's source text (the
 * same unresolved expression is taken for one identifier), else the creation itself.
 */
function identifierKey(workspace: WorkspaceIndex, config: ConfigCreation): unknown {
  const value = identifierValue(workspace, config);
  if (value !== undefined) return `=${value}`;
  const identifier = config.identifier;
  if (identifier.kind === 'expression' || (identifier.kind === 'interpolated' && !identifier.random)) return `~${identifier.text}`;
  return config;
}

/**
 * Why one session per app is not enough here, or undefined when it is: the sessions this app
 * and the extensions it hosts make use two or more distinct identifiers. With a single
 * identifier, whatever the app rebuilds is the session whose events are waiting.
 */
function whyIdentifierMatters(context: RuleContext): string | undefined {
  const mine = processTargetsOf(context.project, context.file);
  const identifiers = new Set<unknown>();
  let fromExtension = false;
  for (const { targets: theirs, configs } of sessionSources(context.workspace, context.project)) {
    const hostedExtension = theirs.some((target) => isExtension(target) && mine.some((app) => target.hostApps.includes(app.name)));
    // Another app's sessions (a second sample app in the repository) are not this app's events.
    const sameProcess = mine.length === 0 || theirs.length === 0 || theirs.some((target) => mine.some((app) => app.name === target.name));
    if (!sameProcess && !hostedExtension) continue;
    if (hostedExtension || (mine.length === 0 && theirs.some(isExtension))) fromExtension = true;
    for (const config of configs) identifiers.add(identifierKey(context.workspace, config));
  }
  if (identifiers.size < 2) return undefined;
  return fromExtension
    ? 'the app and its extensions make background sessions with different identifiers'
    : 'the workspace makes background sessions with more than one identifier';
}
