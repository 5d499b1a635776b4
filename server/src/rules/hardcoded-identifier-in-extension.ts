// A literal background identifier in code compiled into an app extension.
import { bundleIdentifierFixes } from '../fixes/bundleIdentifier';
import type { ConfigCreation } from '../facts/facts';
import { processTargetsReaching } from './reachingTargets';
import type { Rule, RuleContext } from './ruleTypes';
import { configsWithSharedContainer } from './sharedContainers';
import { isExtension, isProcess } from './targets';

export const hardcodedIdentifierInExtension: Rule = {
  meta: {
    id: 'hardcoded-identifier-in-extension',
    severity: 'info',
    seed: 'S1',
    fix: 'quick',
    summary: 'A literal background identifier in an app extension: a bundle-based identifier keeps it unique per process.',
  },
  check(context) {
    for (const config of context.facts.configCreations) {
      if (config.identifier.kind !== 'literal' || config.identifier.value === '') continue;
      // identifier-shared-across-targets may say more about the same literal: both are true.
      const extension = processTargetsReaching(context.workspace, context.project, config).find(isExtension);
      if (extension) {
        context.report({
          span: config.identifier.span,
          message: `This literal identifier is compiled into the extension '${extension.name}'; a bundle-based identifier stays unique to each process even when the code is shared or copied.`,
          fixes: bundleIdentifierFixes(config.identifier.span, config.identifier.value),
        });
      } else if (isLibraryForExtensions(context, config)) {
        context.report({
          span: config.identifier.span,
          message: 'This library gives its background configuration a shared container, so it is meant to run in app extensions too, but every process that uses it gets this one fixed identifier; build the identifier from the bundle identifier (or take it from the caller).',
          fixes: bundleIdentifierFixes(config.identifier.span, config.identifier.value),
        });
      }
    }
  },
};

/**
 * Code with no app or extension of its own (an SDK) that sets sharedContainerIdentifier on the
 * configuration: it expects to run in extensions, where a fixed identifier collides with the app's.
 */
function isLibraryForExtensions(context: RuleContext, config: ConfigCreation): boolean {
  const { project } = context;
  // A library by its project file (a framework or package target), and no app or extension described.
  if (!project || !project.targetsForFile(config.file).some((target) => target.kind === 'framework')) return false;
  if (project.targets.some((target) => isProcess(target) && target.source !== 'default')) return false;
  const covered = configsWithSharedContainer(context.workspace, context.file, context.project);
  return !!covered?.has(config);
}
