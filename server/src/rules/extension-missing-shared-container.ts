// A background configuration in an app extension without sharedContainerIdentifier.
import { setAppGroupFixes } from '../fixes/appGroup';
import { processTargetsReaching } from './reachingTargets';
import type { Rule } from './ruleTypes';
import { configsWithSharedContainer } from './sharedContainers';
import { isExtension } from './targets';

export const extensionMissingSharedContainer: Rule = {
  meta: {
    id: 'extension-missing-shared-container',
    severity: 'error',
    fix: 'quick',
    summary: 'A background configuration in an app extension without sharedContainerIdentifier: the extension is gone before its downloads finish.',
  },
  check(context) {
    const covered = configsWithSharedContainer(context.workspace, context.file, context.project);
    if (!covered) return;
    for (const config of context.facts.configCreations) {
      if (covered.has(config)) continue;
      // Widgets receive their own session's events (onBackgroundURLSessionEvents), in their own container.
      const extension = processTargetsReaching(context.workspace, context.project, config).find((target) => isExtension(target) && target.kind !== 'widget-extension');
      if (!extension) continue;
      context.report({
        span: { start: config.nameSpan.start, end: config.span.end },
        message: `This background configuration is made in the extension '${extension.name}' without sharedContainerIdentifier; extensions are terminated quickly, so their transfers must land in a container shared with the app.`,
        fixes: setAppGroupFixes(context.text, context.parsed.tree, config, extension.appGroups),
      });
    }
  },
};
