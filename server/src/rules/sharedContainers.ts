// Which background configurations get a sharedContainerIdentifier somewhere in the workspace.
import type { ConfigCreation } from '../facts/facts';
import type { ProjectModel } from '../project/projectModel';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { processTargetsOf } from './targets';

/**
 * The configurations that get a shared container somewhere in the workspace; undefined when
 * code of the same process sets one on a value we cannot resolve (it may be any of them).
 */
export function configsWithSharedContainer(workspace: WorkspaceIndex, file: string, project?: ProjectModel): Set<ConfigCreation> | undefined {
  const covered = new Set<ConfigCreation>();
  const mine = new Set(processTargetsOf(project, file).map((target) => target.name));
  for (const facts of workspace.allFacts()) {
    for (const set of facts.propertySets) {
      if (set.property !== 'sharedContainerIdentifier') continue;
      const configs = workspace.backgroundConfigs(set.receiver);
      if (configs) {
        configs.forEach((config) => covered.add(config));
        continue;
      }
      // Set on a value we cannot resolve (a helper's parameter): it may be any configuration of
      // the same process, so stay silent about all of them.
      const theirs = processTargetsOf(project, set.file);
      if (set.file === file || mine.size === 0 || theirs.length === 0 || theirs.some((target) => mine.has(target.name))) return undefined;
    }
  }
  return covered;
}
