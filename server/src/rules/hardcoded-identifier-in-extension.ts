// A literal background identifier in code compiled into an app extension.
import { bundleIdentifierFixes } from '../fixes/bundleIdentifier';
import type { ConfigCreation, Span } from '../facts/facts';
import { processTargetsReaching } from './reachingTargets';
import type { Rule, RuleContext } from './ruleTypes';
import { configsWithSharedContainer } from './sharedContainers';
import { isExtension, isProcess } from './targets';

export const hardcodedIdentifierInExtension: Rule = {
  meta: {
    id: 'hardcoded-identifier-in-extension',
    severity: 'info',
    fix: 'quick',
    summary: 'A literal background identifier in an app extension: a bundle-based identifier keeps it unique per process.',
  },
  check(context) {
    const reported = new Set<number>();
    for (const { config, span, value } of literalIdentifiersIn(context)) {
      if (reported.has(span.start)) continue;
      // identifier-shared-across-targets may say more about the same literal: both are true.
      const extension = processTargetsReaching(context.workspace, context.project, config).find(isExtension);
      if (extension) {
        reported.add(span.start);
        context.report({
          span,
          message: `This literal identifier is compiled into the extension '${extension.name}'; a bundle-based identifier stays unique to each process even when the code is shared or copied.`,
          fixes: bundleIdentifierFixes(span, value),
        });
      } else if (isLibraryForExtensions(context, config)) {
        reported.add(span.start);
        context.report({
          span,
          message: 'This library gives its background configuration a shared container, so it is meant to run in app extensions too, but every process that uses it gets this one fixed identifier; build the identifier from the bundle identifier (or take it from the caller).',
          fixes: bundleIdentifierFixes(span, value),
        });
      }
    }
  },
};

/**
 * The literal identifiers written in this file: inline in a configuration of this file, or a
 * constant (a local, a stored property, a static) that a configuration anywhere uses as its identifier.
 */
function literalIdentifiersIn(context: RuleContext): { config: ConfigCreation; span: Span; value: string }[] {
  const found: { config: ConfigCreation; span: Span; value: string }[] = [];
  for (const facts of context.workspace.allFacts()) {
    for (const config of facts.configCreations) {
      const { identifier } = config;
      if (identifier.kind === 'literal' && config.file === context.file && identifier.value !== '') {
        found.push({ config, span: identifier.span, value: identifier.value });
      } else if (identifier.kind === 'expression') {
        const value = context.workspace.evaluate(identifier.value);
        if (value.kind === 'string' && value.value !== '' && value.literal?.file === context.file) found.push({ config, span: value.literal.span, value: value.value });
      }
    }
  }
  return found;
}

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
