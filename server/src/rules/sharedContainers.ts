// Which background configurations get a sharedContainerIdentifier somewhere in the workspace.
import type { ConfigCreation } from '../facts/facts';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

/**
 * The configurations that get a shared container somewhere in the workspace; undefined when
 * `file` sets one on a value we cannot resolve (it may be any of them: stay silent).
 */
export function configsWithSharedContainer(workspace: WorkspaceIndex, file: string): Set<ConfigCreation> | undefined {
  const covered = new Set<ConfigCreation>();
  for (const facts of workspace.allFacts()) {
    for (const set of facts.propertySets) {
      if (set.property !== 'sharedContainerIdentifier') continue;
      const configs = workspace.backgroundConfigs(set.receiver);
      if (configs) configs.forEach((config) => covered.add(config));
      else if (set.file === file) return undefined;
    }
  }
  return covered;
}
