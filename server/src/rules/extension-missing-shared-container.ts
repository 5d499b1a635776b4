// A background configuration in an app extension without sharedContainerIdentifier.
import { setAppGroupFixes } from '../fixes/appGroup';
import type { ConfigCreation } from '../facts/facts';
import type { Rule, RuleContext } from './ruleTypes';
import { isExtension, processTargetsOf } from './targets';

export const extensionMissingSharedContainer: Rule = {
  meta: {
    id: 'extension-missing-shared-container',
    severity: 'error',
    seed: 'S2',
    fix: 'quick',
    summary: 'A background configuration in an app extension without sharedContainerIdentifier: the extension is gone before its downloads finish.',
  },
  check(context) {
    const covered = configsWithSharedContainer(context);
    if (!covered) return;
    for (const config of context.facts.configCreations) {
      if (covered.has(config)) continue;
      const extension = processTargetsOf(context.project, config.file).find(isExtension);
      if (!extension) continue;
      context.report({
        span: { start: config.nameSpan.start, end: config.span.end },
        message: `This background configuration is made in the extension '${extension.name}' without sharedContainerIdentifier; extensions are terminated quickly, so their transfers must land in a container shared with the app.`,
        fixes: setAppGroupFixes(context.text, context.parsed.tree, config, extension.appGroups),
      });
    }
  },
};

/**
 * The configurations that get a shared container somewhere in the workspace; undefined when this
 * file sets one on a value we cannot resolve (it may be any of them: stay silent).
 */
function configsWithSharedContainer(context: RuleContext): Set<ConfigCreation> | undefined {
  const covered = new Set<ConfigCreation>();
  for (const facts of context.workspace.allFacts()) {
    for (const set of facts.propertySets) {
      if (set.property !== 'sharedContainerIdentifier') continue;
      const configs = context.workspace.backgroundConfigs(set.receiver);
      if (configs) configs.forEach((config) => covered.add(config));
      else if (set.file === context.file) return undefined;
    }
  }
  return covered;
}
