// backgroundSessionConfiguration(_:), deprecated since iOS 8: background(withIdentifier:) replaces it.
import { readCall } from '../facts/syntax';
import { nodeAt } from './nodeAt';
import type { FixProposal, Rule, RuleContext } from './ruleTypes';
import type { ConfigCreation } from '../facts/facts';

export const deprecatedBackgroundConfiguration: Rule = {
  meta: {
    id: 'deprecated-background-configuration',
    severity: 'warning',
    fix: 'safe',
    summary: 'backgroundSessionConfiguration(_:) is deprecated since iOS 8; use background(withIdentifier:).',
  },
  check(context) {
    for (const config of context.facts.configCreations) {
      if (!config.deprecated) continue;
      context.report({
        span: config.nameSpan,
        message: 'backgroundSessionConfiguration(_:) has been deprecated since iOS 8; background(withIdentifier:) makes the same background configuration.',
        fixes: renameFix(context, config),
      });
    }
  },
};

/** `backgroundSessionConfiguration(id)` → `background(withIdentifier: id)`; the receiver (or the leading dot) is kept. */
function renameFix(context: RuleContext, config: ConfigCreation): FixProposal[] {
  const node = nodeAt(context.parsed.tree, config.span, 'call_expression');
  const argument = node ? readCall(node)?.args[0] : undefined;
  if (!argument || argument.label !== undefined) return [];
  return [
    {
      title: 'Use background(withIdentifier:)',
      safety: 'safe',
      edits: [
        { span: config.nameSpan, newText: 'background' },
        { span: { start: argument.node.startIndex, end: argument.node.startIndex }, newText: 'withIdentifier: ' },
      ],
    },
  ];
}
