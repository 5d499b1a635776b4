// "Set app group": inserts `<configuration>.sharedContainerIdentifier = "<group>"` right after the
// statement that makes a background configuration bound to a name.
import type { Tree } from 'web-tree-sitter';
import type { ConfigCreation } from '../facts/facts';
import { unwrapExpression } from '../facts/syntax';
import type { FixProposal } from './fixTypes';
import { indentationAt, lineEnding } from './statementEdits';

/** Xcode's placeholder syntax, so the inserted line parses and Xcode highlights what to fill in. */
export const appGroupPlaceholder = '<#group.com.example.app#>';

/** The name the configuration is bound to and the statement that binds it, when there is one. */
function bindingOf(tree: Tree, config: ConfigCreation): { name: string; statementEnd: number; statementStart: number } | undefined {
  let node = tree.rootNode.descendantForIndex(config.span.start, config.span.end - 1);
  while (node && !(node.startIndex === config.span.start && node.endIndex === config.span.end && node.type === 'call_expression')) node = node.parent;
  if (!node) return undefined;
  let value = node;
  while (value.parent && ['try_expression', 'parenthesized_expression', 'postfix_expression'].includes(value.parent.type)) value = value.parent;
  const parent = value.parent;
  if (parent?.type === 'property_declaration') {
    const pattern = parent.childForFieldName('name');
    const bound = pattern?.childForFieldName('bound_identifier') ?? pattern?.namedChild(0);
    if (bound?.type !== 'simple_identifier') return undefined;
    // Only a local (inside a body): a stored property is configured where it is used.
    if (parent.parent?.type !== 'statements') return undefined;
    return { name: bound.text, statementStart: parent.startIndex, statementEnd: parent.endIndex };
  }
  if (parent?.type === 'assignment' && parent.parent?.type === 'statements') {
    const target = parent.childForFieldName('target');
    if (!target || unwrapExpression(value) !== value) return undefined;
    return { name: target.text, statementStart: parent.startIndex, statementEnd: parent.endIndex };
  }
  return undefined;
}

/** One fix per app group; with no known groups, one with a placeholder. */
export function setAppGroupFixes(text: string, tree: Tree, config: ConfigCreation, groups: string[] | undefined): FixProposal[] {
  const binding = bindingOf(tree, config);
  if (!binding) return [];
  const eol = lineEnding(text);
  const indent = indentationAt(text, binding.statementStart);
  const insert = (group: string) => ({
    span: { start: binding.statementEnd, end: binding.statementEnd },
    newText: `${eol}${indent}${binding.name}.sharedContainerIdentifier = "${group}"`,
  });
  if (groups && groups.length > 0) {
    return groups.map((group) => ({ title: `Set app group "${group}"`, safety: 'quick' as const, edits: [insert(group)] }));
  }
  return [
    {
      title: 'Set app group (placeholder: add the App Groups capability to the app and the extension, then fill in the group)',
      safety: 'quick',
      edits: [insert(appGroupPlaceholder)],
    },
  ];
}
