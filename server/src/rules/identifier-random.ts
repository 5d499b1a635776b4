// An identifier made from UUID(), Date() or a random number: the session cannot be found again
// after a relaunch — unless the app rebuilds sessions from the identifier the system hands in.
import type { ConfigCreation, FunctionFact } from '../facts/facts';
import type { Target } from '../project/projectModel';
import { isHandleEvents } from './appEntryPoints';
import type { Rule, RuleContext } from './ruleTypes';
import { isTestCode } from './testCode';

export const identifierRandom: Rule = {
  meta: {
    id: 'identifier-random',
    severity: 'warning',
    fix: 'none',
    summary: 'A background session identifier built from UUID(), Date() or a random number: the session cannot be reconnected after a relaunch.',
  },
  check(context) {
    let rebuilding: string[] | undefined;
    for (const config of context.facts.configCreations) {
      const identifier = config.identifier;
      if (identifier.kind === 'literal' || identifier.kind === 'missing') continue;
      if (identifier.kind === 'interpolated' && !identifier.random) continue;
      if (identifier.kind === 'expression') {
        // A parameter is handed in by the caller (handleEvents, a watchOS refresh task, a cache).
        if (identifier.value.kind === 'param') continue;
        if (context.workspace.evaluate(identifier.value).kind !== 'random') continue;
      }
      if (isHandleEvents(context.workspace.functionById(config.context.functionId))) continue;
      // A test names its session afresh each run on purpose: nothing is reconnected after a relaunch.
      if (isTestCode(context.facts, context.workspace, context.project, config.context.typeName)) continue;
      rebuilding ??= rebuildSites(context);
      if (rebuiltFromGivenIdentifier(context, config, rebuilding)) continue;
      context.report({
        span: identifier.span,
        message:
          'This identifier changes every time it is made, so after a relaunch the app cannot recreate the session that owns the running transfers; use a stable identifier (or rebuild sessions from the identifier handleEvents is given).',
      });
    }
  },
};

/**
 * The app recreates sessions from the identifier the system passes (handleEvents, directly or via
 * a helper taking it as a parameter, or a watchOS refresh task's `sessionIdentifier`): then any
 * identifier, random ones included, can be reconnected. Scoped to the targets that can use it.
 */
function rebuiltFromGivenIdentifier(context: RuleContext, config: ConfigCreation, rebuildFiles: string[]): boolean {
  if (rebuildFiles.length === 0) return false;
  const project = context.project;
  const targets = project?.targetsForFile(config.file) ?? [];
  if (!project || targets.length === 0) return true;
  const rebuilding = new Set(rebuildFiles.flatMap((file) => project.targetsForFile(file).map((target) => target.name)));
  return targets.some((target) => !runsOnItsOwn(target) || rebuilding.has(target.name) || target.hostApps.some((host) => rebuilding.has(host)));
}

/** App and extension targets are processes; a framework is used by whichever process links it. */
function runsOnItsOwn(target: Target): boolean {
  return ['app', 'watch-app', 'app-extension', 'widget-extension', 'watch-extension'].includes(target.kind);
}

/** Files whose code rebuilds a background configuration from an identifier the system gave. */
function rebuildSites(context: RuleContext): string[] {
  const workspace = context.workspace;
  const files: string[] = [];
  for (const facts of workspace.allFacts()) {
    for (const config of facts.configCreations) {
      const identifier = config.identifier;
      if (identifier.kind !== 'expression') continue;
      if (identifier.text.endsWith('.sessionIdentifier') && isRefreshTaskHandler(workspace.functionById(config.context.functionId))) {
        files.push(config.file); // WKURLSessionRefreshBackgroundTask.sessionIdentifier
        continue;
      }
      if (identifier.value.kind !== 'param') continue;
      const { functionId, index } = identifier.value;
      const fn = workspace.functionById(functionId);
      if (!fn) continue;
      if (isHandleEvents(fn) && index === 1) {
        files.push(fn.file);
        continue;
      }
      // A helper such as `session(for identifier:)` that handleEvents (or a refresh task) calls with the identifier.
      for (const site of workspace.callSitesNamed(fn.name)) {
        if (!labelsFit(fn, site.labels)) continue;
        const caller = workspace.functionById(site.functionId);
        const passed = site.argumentTexts[index];
        if (passed === undefined) continue;
        const fromHandleEvents = isHandleEvents(caller) && passed === caller.params[1]?.name;
        const fromRefreshTask = isRefreshTaskHandler(caller) && passed.endsWith('.sessionIdentifier');
        if (fromHandleEvents || fromRefreshTask) files.push(site.file);
      }
    }
  }
  return files;
}

/** watchOS: `handle(_ backgroundTasks: Set<WKRefreshBackgroundTask>)` of the app or extension delegate (facts keep `Set`). */
function isRefreshTaskHandler(fn: FunctionFact | undefined): boolean {
  return !!fn && fn.selector === 'handle(_:)' && fn.params[0]?.type === 'Set';
}

/** The call's argument labels are the function's (trailing defaulted parameters may be left out). */
function labelsFit(fn: FunctionFact, labels: (string | undefined)[]): boolean {
  if (labels.length > fn.params.length) return false;
  return fn.params.every((param, i) => {
    const external = param.externalName ?? param.name;
    if (i >= labels.length) return param.defaultValue !== undefined;
    return labels[i] === (external === '_' ? undefined : external);
  });
}
