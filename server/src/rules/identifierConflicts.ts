// Background identifiers that resolve to one string, and the other targets that create a
// background session with the same one while they may run at the same time.
import type { ConfigCreation } from '../facts/facts';
import type { Target } from '../project/projectModel';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { processTargetsReaching } from './reachingTargets';
import type { RuleContext } from './ruleTypes';
import { isHandleEvents } from './appEntryPoints';
import { canRunTogether } from './targets';

/** The identifier's string when it is a literal or a constant that resolves to one. */
export function identifierValue(workspace: WorkspaceIndex, config: ConfigCreation): string | undefined {
  const identifier = config.identifier;
  if (identifier.kind === 'literal') return identifier.value;
  if (identifier.kind === 'expression') {
    const value = workspace.evaluate(identifier.value);
    return value.kind === 'string' ? value.value : undefined;
  }
  return undefined;
}

export interface IdentifierConflict {
  mine: Target;
  theirs: Target;
  /** The other creation (the same one when the file is compiled into both targets). */
  other: ConfigCreation;
}

/**
 * Made while handling an extension's events: Apple recommends that the app use the extension's
 * session only then, so reusing its identifier there is the right thing, not a conflict.
 */
function rejoinsForEvents(context: RuleContext, config: ConfigCreation): boolean {
  return isHandleEvents(context.workspace.functionById(config.context.functionId));
}

export function identifierConflicts(context: RuleContext, config: ConfigCreation): IdentifierConflict[] {
  const value = identifierValue(context.workspace, config);
  if (value === undefined || value === '' || rejoinsForEvents(context, config)) return [];
  const myTargets = processTargetsReaching(context.workspace, context.project, config);
  if (myTargets.length === 0) return [];
  const conflicts: IdentifierConflict[] = [];
  const seen = new Set<string>();
  const add = (mine: Target, theirs: Target, other: ConfigCreation) => {
    const key = [mine.name, theirs.name].sort().join('|');
    if (seen.has(key) || !canRunTogether(mine, theirs)) return;
    seen.add(key);
    conflicts.push({ mine, theirs, other });
  };
  // Shared code compiled into two targets makes the same session in both processes.
  for (const mine of myTargets) for (const theirs of myTargets) add(mine, theirs, config);
  for (const facts of context.workspace.allFacts()) {
    for (const other of facts.configCreations) {
      if (other === config || identifierValue(context.workspace, other) !== value || rejoinsForEvents(context, other)) continue;
      for (const theirs of processTargetsReaching(context.workspace, context.project, other)) for (const mine of myTargets) add(mine, theirs, other);
    }
  }
  return conflicts;
}
